/// The daemon's policy: root and members of an administrators' group may call everything;
/// other local users may call read methods only, and only if ``allowOthersToRead`` is set.
///
/// A denied call is answered with ``deniedError`` (the daemon uses
/// `io.finetuned.Service.PermissionDenied`). A connection without credentials is denied.
public struct PeerCredentialsAuthorizer: VarlinkAuthorizer {
    /// Members of this group (primary or supplementary) are trusted like root.
    public var administratorGroup: UInt32?
    /// Whether users who are neither root nor administrators may call read methods.
    public var allowOthersToRead: Bool
    /// The error a denied call gets.
    public var deniedError: VarlinkError

    public init(
        administratorGroup: UInt32?, allowOthersToRead: Bool,
        deniedError: VarlinkError = .permissionDenied
    ) {
        self.administratorGroup = administratorGroup
        self.allowOthersToRead = allowOthersToRead
        self.deniedError = deniedError
    }

    public func authorize(_ request: VarlinkAuthorizationRequest) -> VarlinkError? {
        guard let peer = request.peer else { return deniedError }
        if peer.isRoot { return nil }
        if let administratorGroup, peer.isMember(ofGroup: administratorGroup) { return nil }
        if allowOthersToRead && request.access == .read { return nil }
        return deniedError
    }
}
