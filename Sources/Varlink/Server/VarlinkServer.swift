import Logging
import CVarlinkSocket
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A Varlink service on a Unix stream socket.
///
/// ```swift
/// var jobs = try VarlinkInterface(contentsOf: url)
/// jobs.handle("Get", access: .read) { call in VarlinkReply(try lookUp(call.decodeParameters(GetJob.self))) }
/// let server = try VarlinkServer(
///     configuration: .init(vendor: "finetuned", product: "finetuned", version: "1.0", url: "https://…"),
///     interfaces: [jobs], authorizer: PeerCredentialsAuthorizer(administratorGroup: gid, allowOthersToRead: true),
///     logger: logger)
/// try await server.start(.path("/run/finetuned/control"))
/// …
/// await server.shutdown()
/// ```
///
/// Contracts:
/// - `org.varlink.service` (GetInfo, GetInterfaceDescription) is served in addition to `interfaces`.
/// - Calls on one connection run one at a time and are answered in order; connections are
///   independent (a slow, stuck or misbehaving client affects only its own connection).
/// - A message that is not a valid call (bad JSON, no method) closes its connection without a
///   reply, as sd-varlink does. An oversize message is answered with the configured
///   `messageTooLargeError` and closes the connection. See ``VarlinkServerConfiguration``
///   for the timeouts and the connection cap.
/// - The caller's peer credentials (`SO_PEERCRED`) are taken on accept and passed to the
///   authorizer and to handlers (``VarlinkCall/connection``).
/// - Connections do their own socket I/O (``VarlinkSocketConnection``: `recvmsg`/`send` on the
///   process's ``VarlinkEventLoopGroup``, epoll threads off the Swift cooperative pool), so file
///   descriptors a client sends as SCM_RIGHTS ancillary data reach the call they came with
///   (``VarlinkCall/descriptors``); a method takes them only when registered with
///   `acceptingDescriptors`.
/// - Handlers registered with `handleImmediately` run on the connection's event loop as soon as
///   the call is read, and must not block. The others run as Swift tasks on the connection's own
///   serial queue (a call's task is cancelled when its connection closes): one that blocks holds
///   its own connection only.
public final class VarlinkServer: Sendable {
    private struct State {
        var listener: VarlinkSocketListener?
        var boundPath: String?
        var connections: VarlinkConnectionTable<VarlinkSocketConnection>
    }

    private let configuration: VarlinkServerConfiguration
    private let processor: VarlinkCallProcessor
    private let logger: Logger
    private let state: Mutex<State>

    /// - Throws: ``VarlinkIDLError`` if `org.varlink.service`'s own description fails to parse.
    public init(
        configuration: VarlinkServerConfiguration, interfaces: [VarlinkInterface],
        authorizer: any VarlinkAuthorizer, logger: Logger
    ) throws {
        let service = try VarlinkServiceInterface.make(configuration: configuration, others: interfaces)
        self.configuration = configuration
        var processor = VarlinkCallProcessor(
            router: VarlinkCallRouter(
                interfaces: [service] + interfaces, authorizer: authorizer,
                descriptorsRefused: { accepted, received in
                    configuration.descriptorsRefusedReply(accepted: accepted, received: received)
                }),
            internalError: configuration.internalError,
            replyChecker: configuration.validatesReplies ? VarlinkReplyChecker() : nil)
        processor.descriptorsOverCap = { received in
            configuration.descriptorsRefusedReply(
                accepted: configuration.maximumDescriptorsPerMessage, received: received)
        }
        self.processor = processor
        self.logger = logger
        self.state = Mutex(
            State(
                connections: VarlinkConnectionTable(
                    maximumConnections: configuration.maximumConnections,
                    maximumConnectionsPerUser: configuration.maximumConnectionsPerUser)))
    }

    /// The number of open (admitted) connections.
    public var connectionCount: Int {
        state.withLock { $0.connections.count }
    }

    /// Starts accepting connections; returns once the socket listens.
    ///
    /// - Throws: ``VarlinkListenError`` when the path cannot be used or binding fails.
    public func start(_ address: VarlinkListenAddress) async throws {
        guard !VarlinkEventLoopGroup.loops.isEmpty else {
            throw VarlinkListenError.systemCallFailed(
                operation: "epoll_create1", path: "\(address)", errno: errno)
        }
        let descriptor: Int32
        switch address {
        case .path(let path):
            try UnixSocketPath.prepareForBinding(path)
            descriptor = try VarlinkSocketListener.bind(path: path)
            do {
                try UnixSocketPath.applyOwnership(
                    path, mode: configuration.socketMode, group: configuration.socketGroup)
            } catch {
                _ = Glibc.close(descriptor)
                unlink(path)
                throw error
            }
            state.withLock { $0.boundPath = path }
        case .listeningSocket(let fileDescriptor):
            descriptor = fileDescriptor
        }
        let listener = VarlinkSocketListener(descriptor: descriptor, logger: logger) { [self] connection in
            self.admit(connection)
        }
        state.withLock { $0.listener = listener }
        listener.start()
        logger.info("Varlink server listening", metadata: ["varlink.address": "\(address)"])
    }

    /// Stops listening, closes every connection (running calls see cancellation) and removes
    /// the socket file the server bound itself.
    public func shutdown() async {
        let (listener, connections, path) = state.withLock { state in
            let result = (state.listener, state.connections.removeAll(), state.boundPath)
            state.listener = nil
            state.boundPath = nil
            return result
        }
        listener?.close()
        for connection in connections {
            connection.close()
        }
        if let path { unlink(path) }
    }

    // MARK: - Accepting

    /// Admits or refuses one accepted connection (on the listener's queue).
    private func admit(_ descriptor: Int32) {
        let raw = Self.kernelCredentials(of: descriptor)
        let admission = state.withLock { state -> VarlinkConnectionTable<VarlinkSocketConnection>.Admission in
            state.connections.reserve(uid: raw?.uid)
        }
        switch admission {
        case .refusedServerFull(let id), .refusedUserFull(let id):
            let perUser: Bool
            if case .refusedUserFull = admission { perUser = true } else { perUser = false }
            logger.warning(
                perUser
                    ? "Connection refused: too many connections from this user"
                    : "Connection refused: too many connections",
                metadata: [
                    "varlink.connection": "\(id)", "varlink.peer.uid": "\(raw.map { "\($0.uid)" } ?? "unknown")",
                    "varlink.limit":
                        "\(perUser ? configuration.maximumConnectionsPerUser : configuration.maximumConnections)",
                ])
            VarlinkRefusedConnection.refuse(descriptor, with: configuration.tooManyConnectionsError)
        case .admitted(let id):
            let peer = raw.map {
                PeerCredentials(
                    pid: $0.pid, uid: $0.uid, gid: $0.gid,
                    supplementaryGroups: Self.kernelGroups(of: descriptor)
                        ?? PeerCredentials.supplementaryGroups(ofProcess: $0.pid))
            }
            var connectionLogger = logger
            connectionLogger[metadataKey: "varlink.connection"] = "\(id)"
            if let peer { connectionLogger[metadataKey: "varlink.peer.uid"] = "\(peer.uid)" }
            guard let loop = VarlinkEventLoopGroup.next() else {
                // Not reached: `start` refuses to listen without loops.
                _ = Glibc.close(descriptor)
                state.withLock { $0.connections.remove(id: id) }
                return
            }
            let connection = VarlinkSocketConnection(
                descriptor: descriptor, loop: loop, configuration: configuration, processor: processor,
                connection: VarlinkConnectionInfo(id: id, peer: peer), logger: connectionLogger,
                onClose: { [self] in self.state.withLock { $0.connections.remove(id: id) } })
            let stillOpen = state.withLock { state in state.connections.fill(id: id, with: connection) }
            guard stillOpen else {
                // The server shut down meanwhile.
                connection.close()
                return
            }
            connection.start()
            connectionLogger.debug(
                "Connection accepted", metadata: ["varlink.peer": "\(peer.map { "\($0)" } ?? "unknown")"])
        }
    }

    /// `SO_PEERGROUPS` of an accepted connection: the peer's supplementary groups as the kernel
    /// recorded them at connect time. Needs no access to the peer's `/proc` entry, which a
    /// hardened service does not have (`ProtectProc=invisible` hides other users' processes).
    /// `nil` when the kernel does not say (before Linux 4.13).
    private static func kernelGroups(of descriptor: Int32) -> [UInt32]? {
        var capacity = 64
        while capacity <= 65_536 {
            var groups = [UInt32](repeating: 0, count: capacity)
            let count = groups.withUnsafeMutableBufferPointer {
                cvarlink_peer_groups(descriptor, $0.baseAddress, Int32(capacity))
            }
            if count >= 0 { return Array(groups[0..<Int(count)]) }
            guard errno == ERANGE else { return nil }
            capacity *= 4
        }
        return nil
    }

    /// `SO_PEERCRED` of an accepted connection; `nil` when the kernel does not say.
    private static func kernelCredentials(of descriptor: Int32) -> LinuxUcred? {
        var credentials = LinuxUcred()
        guard cvarlink_peer_credentials(descriptor, &credentials.pid, &credentials.uid, &credentials.gid) == 0 else {
            return nil
        }
        return credentials
    }
}
