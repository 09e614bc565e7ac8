/// What a method does, as far as authorization is concerned.
public enum VarlinkMethodAccess: Sendable, Hashable {
    /// Only reads state; may be offered to less trusted users.
    case read
    /// Changes state (submits, cancels, reloads, …).
    case write
}

/// One call, as the authorizer sees it.
public struct VarlinkAuthorizationRequest: Sendable, Hashable {
    /// The caller, or `nil` when the kernel did not report credentials.
    public var peer: PeerCredentials?
    /// The interface name, e.g. `io.finetuned.Jobs`.
    public var interface: String
    /// The unqualified method name, e.g. `Submit`.
    public var method: String
    /// Whether the method reads or writes.
    public var access: VarlinkMethodAccess

    public init(
        peer: PeerCredentials?, interface: String, method: String, access: VarlinkMethodAccess
    ) {
        self.peer = peer
        self.interface = interface
        self.method = method
        self.access = access
    }
}

/// Decides whether a caller may make a call.
///
/// Called on every call before its parameters are checked and its handler runs; it must be
/// quick and must not block (it runs on the task that serves the connection). Calls to
/// `org.varlink.service` are not passed to it: anyone who can connect may introspect.
public protocol VarlinkAuthorizer: Sendable {
    /// `nil` to allow the call, or the error to answer it with.
    func authorize(_ request: VarlinkAuthorizationRequest) -> VarlinkError?
}

/// Allows everything: for tests and for sockets whose file mode already restricts who connects.
public struct AllowAllAuthorizer: VarlinkAuthorizer {
    public init() {}
    public func authorize(_ request: VarlinkAuthorizationRequest) -> VarlinkError? { nil }
}
