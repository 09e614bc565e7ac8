/// Reply parameters that write their own JSON, for a hot method whose reply would otherwise go
/// through `Encodable` (``JSONStreamEncoder``).
///
/// Contract: `writeParameters(to:)` appends exactly one JSON object, the same text (members,
/// order, omitted `nil`s) the value's `Encodable` conformance gives, so a client sees no
/// difference; ``VarlinkReply`` uses it in place of `Encodable` whenever the parameters conform.
public protocol VarlinkDirectParameters: Encodable, Sendable {
    /// Appends the parameters' JSON object to `writer`.
    ///
    /// - Throws: ``JSONWriter/NonFinite`` for a non-finite `Double`.
    func writeParameters(to writer: inout JSONWriter) throws
}
