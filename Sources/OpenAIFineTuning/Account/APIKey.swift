import FoundationEssentials

/// An API key. It cannot be printed, logged, encoded or compared by accident: every textual
/// representation is redacted, and the raw value is reachable only through `withValue`, which the
/// client calls when it builds the auth header.
public struct APIKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    private let value: String

    public init(_ value: String) { self.value = value.trimmingWhitespace() }

    /// Runs `body` with the secret; keep what it returns free of it.
    public func withValue<T>(_ body: (String) throws -> T) rethrows -> T { try body(value) }

    public var isEmpty: Bool { value.isEmpty }
    public var description: String { "APIKey(redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [:]) }

    /// Replaces every occurrence of the key in `text` (a server may echo it back) with a marker.
    public func redact(_ text: String) -> String {
        guard value.count >= 8 else { return text }
        return text.replacing(value, with: "[redacted]")
    }
}
