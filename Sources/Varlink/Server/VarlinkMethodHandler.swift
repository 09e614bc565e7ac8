/// A registered implementation of one method.
public struct VarlinkMethodHandler: Sendable {
    /// How the handler answers.
    public enum Body: Sendable {
        /// Exactly one reply (also used when the caller set `more`: one final reply is valid).
        case single(@Sendable (VarlinkCall) async throws -> VarlinkReply)
        /// Any number of replies: those sent through the stream carry `continues: true`, the returned
        /// one is the last. Calls without `more` are answered `org.varlink.service.ExpectedMore`.
        case streaming(@Sendable (VarlinkCall, VarlinkReplyStream) async throws -> VarlinkReply)
        /// Exactly one reply, computed at once on the connection's event loop, with no task: for
        /// short reads that never wait (a lookup by key). It holds the loop, and so every other
        /// connection on it, while it runs.
        case immediate(@Sendable (VarlinkCall) throws -> VarlinkReply)
    }

    /// Whether the method reads or writes, for the ``VarlinkAuthorizer``.
    public var access: VarlinkMethodAccess
    public var body: Body
    /// For streaming handlers: whether a call without `more` is refused with
    /// `org.varlink.service.ExpectedMore` (true), or answered with the handler's last reply
    /// alone (false: the method streams only when asked).
    public var requiresMore: Bool
    /// How many file descriptors (SCM_RIGHTS) one call may carry; 0: the method takes none, and
    /// a call that carries some is refused before the handler runs.
    public var acceptedDescriptors: Int

    public init(access: VarlinkMethodAccess, body: Body, requiresMore: Bool = true, acceptedDescriptors: Int = 0) {
        self.access = access
        self.body = body
        self.requiresMore = requiresMore
        self.acceptedDescriptors = acceptedDescriptors
    }

    /// Whether the method streams its replies.
    public var isStreaming: Bool {
        if case .streaming = body { return true }
        return false
    }
}
