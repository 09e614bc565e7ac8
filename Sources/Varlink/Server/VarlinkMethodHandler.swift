/// A registered implementation of one method.
public struct VarlinkMethodHandler: Sendable {
    /// How the handler answers.
    public enum Body: Sendable {
        /// Exactly one reply (also used when the caller set `more`: one final reply is valid).
        case single(@Sendable (VarlinkCall) async throws -> VarlinkReply)
        /// Any number of replies: those sent through the stream carry `continues: true`, the returned
        /// one is the last. Calls without `more` are answered `org.varlink.service.ExpectedMore`.
        case streaming(@Sendable (VarlinkCall, VarlinkReplyStream) async throws -> VarlinkReply)
    }

    /// Whether the method reads or writes, for the ``VarlinkAuthorizer``.
    public var access: VarlinkMethodAccess
    public var body: Body

    public init(access: VarlinkMethodAccess, body: Body) {
        self.access = access
        self.body = body
    }

    /// Whether the method streams its replies.
    public var isStreaming: Bool {
        if case .streaming = body { return true }
        return false
    }
}
