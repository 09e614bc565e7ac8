#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One interface a server offers: its description (the `.varlink` text, served verbatim by
/// `org.varlink.service.GetInterfaceDescription` and used to validate every call) and the
/// handlers of its methods.
///
/// ```swift
/// var jobs = try VarlinkInterface(description: text)
/// jobs.handle("Get", access: .read) { call in
///     let params = try call.decodeParameters(GetParameters.self)
///     return VarlinkReply(try store.job(params.id))
/// }
/// ```
/// A method declared in the description but given no handler is answered
/// `org.varlink.service.MethodNotImplemented`.
public struct VarlinkInterface: Sendable {
    /// The parsed description.
    public let definition: VarlinkInterfaceDefinition
    /// The description exactly as given.
    public let descriptionText: String
    /// Handlers by unqualified method name.
    public private(set) var handlers: [String: VarlinkMethodHandler] = [:]

    /// The interface name, from the description.
    public var name: String { definition.name }

    /// - Throws: ``VarlinkIDLError`` when the text is not a valid interface description.
    public init(description: String) throws {
        self.definition = try VarlinkInterfaceDefinition(parsing: description)
        self.descriptionText = description
    }

    /// Reads and parses a `.varlink` file.
    public init(contentsOf url: URL) throws {
        try self.init(description: String(contentsOf: url, encoding: .utf8))
    }

    /// Registers the handler of a method that answers once.
    ///
    /// - Precondition: the description declares `method` (a typo here is a programming error
    ///   that the first test run reveals, not something a client can cause).
    public mutating func handle(
        _ method: String, access: VarlinkMethodAccess, acceptingDescriptors: Int = 0,
        _ body: @escaping @Sendable (VarlinkCall) async throws -> VarlinkReply
    ) {
        register(
            method, VarlinkMethodHandler(access: access, body: .single(body), acceptedDescriptors: acceptingDescriptors)
        )
    }

    /// Registers the handler of a method that answers at once, without awaiting anything: it
    /// runs on the connection's event loop thread as soon as the call is read, and its reply is
    /// written right after, with no task and no thread hand-off.
    ///
    /// - Precondition: the description declares `method`.
    ///
    /// Contract for `body`: short and non-blocking (a lookup by key in a local database, not a
    /// scan, not the network). While it runs, the other connections served by the same loop wait.
    public mutating func handleImmediately(
        _ method: String, access: VarlinkMethodAccess,
        _ body: @escaping @Sendable (VarlinkCall) throws -> VarlinkReply
    ) {
        register(method, VarlinkMethodHandler(access: access, body: .immediate(body)))
    }

    /// Registers the handler of a method that streams replies to callers that set `more`.
    ///
    /// - Precondition: the description declares `method`.
    ///
    /// With `requiresMore: false` the method also answers calls without `more`: the handler
    /// runs the same, its intermediate replies are dropped and only the last one is sent.
    /// `acceptingDescriptors` declares that a call may carry that many file descriptors
    /// (``VarlinkCall/descriptors``); by default a method takes none.
    public mutating func handleStreaming(
        _ method: String, access: VarlinkMethodAccess, requiresMore: Bool = true, acceptingDescriptors: Int = 0,
        _ body: @escaping @Sendable (VarlinkCall, VarlinkReplyStream) async throws -> VarlinkReply
    ) {
        register(
            method,
            VarlinkMethodHandler(
                access: access, body: .streaming(body), requiresMore: requiresMore,
                acceptedDescriptors: acceptingDescriptors))
    }

    private mutating func register(_ method: String, _ handler: VarlinkMethodHandler) {
        precondition(
            definition.methods[method] != nil,
            "\(definition.name) does not declare a method named \(method)")
        handlers[method] = handler
    }
}
