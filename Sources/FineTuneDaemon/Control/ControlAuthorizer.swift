import ControlProtocol
import FoundationEssentials
import Glibc
import Varlink

/// Who may do what on the control socket, by the caller's peer credentials (SO_PEERCRED):
/// root, the daemon's own user and members of `SocketGroup=` (for a socket systemd passed: the
/// group its `.socket` unit gave the socket file) may do everything; users listed in
/// `ReadOnlyUsers=` (or everyone, with `*`) may only read; anyone else is refused. A refusal is
/// `io.finetuned.Service.PermissionDenied` naming the method and the access it needs (`read`
/// or `write`), so the client can say what would let the caller in.
struct ControlAuthorizer: VarlinkAuthorizer {
    let administratorGroup: UInt32?
    let readers: Set<UInt32>
    let everyoneReads: Bool
    let ownUID = getuid()

    /// - Parameter activatedSocketGroup: the group the socket systemd passed lets connect, used
    ///   when `SocketGroup=` is not set (the key applies to a socket the daemon binds itself).
    init(configuration: DaemonConfiguration, activatedSocketGroup: UInt32? = nil) {
        administratorGroup = configuration.socketGroup.flatMap(SystemGroup.id(named:)) ?? activatedSocketGroup
        everyoneReads = configuration.readOnlyUsers.contains("*")
        readers = Set(configuration.readOnlyUsers.compactMap(Self.uid(of:)))
    }

    func authorize(_ request: VarlinkAuthorizationRequest) -> VarlinkError? {
        // Built only for a refusal: every allowed call passes here.
        func denied() -> VarlinkError {
            ControlError.PermissionDenied(
                method: "\(request.interface).\(request.method)", access: request.access == .read ? "read" : "write"
            ).varlinkError(interface: ControlMethod.Service.interface)
        }
        guard let peer = request.peer else { return denied() }
        if peer.isRoot || peer.uid == ownUID { return nil }
        if let administratorGroup, peer.isMember(ofGroup: administratorGroup) { return nil }
        if request.interface == "org.varlink.service" { return nil }
        if request.access == .read && (everyoneReads || readers.contains(peer.uid)) { return nil }
        return denied()
    }

    /// A user name or a numeric uid.
    static func uid(of user: String) -> UInt32? {
        if let number = UInt32(user) { return number }
        guard let entry = getpwnam(user) else { return nil }
        return entry.pointee.pw_uid
    }
}
