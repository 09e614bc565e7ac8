import Logging
import NIOCore
import NIOPosix
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
/// let server = VarlinkServer(
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
/// - Handlers run as Swift tasks on the global concurrent executor (a call's task is cancelled
///   when its connection closes). Work that blocks a thread (a long synchronous SQLite query)
///   holds one of the few cooperative threads (two on a two-core machine) and delays every other
///   call meanwhile: keep it short, or move it to a thread of its own.
public final class VarlinkServer: Sendable {
    private struct State {
        var listener: (any Channel)?
        var boundPath: String?
        var connections: VarlinkConnectionTable<any Channel>
    }

    private let configuration: VarlinkServerConfiguration
    private let processor: VarlinkCallProcessor
    private let logger: Logger
    private let eventLoopGroup: any EventLoopGroup
    private let state: Mutex<State>

    public init(
        configuration: VarlinkServerConfiguration, interfaces: [VarlinkInterface],
        authorizer: any VarlinkAuthorizer, logger: Logger,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        let service = VarlinkServiceInterface.make(configuration: configuration, others: interfaces)
        self.configuration = configuration
        self.processor = VarlinkCallProcessor(
            router: VarlinkCallRouter(interfaces: [service] + interfaces, authorizer: authorizer),
            internalError: configuration.internalError,
            replyChecker: configuration.validatesReplies ? VarlinkReplyChecker() : nil)
        self.logger = logger
        self.eventLoopGroup = eventLoopGroup
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
    /// - Throws: ``VarlinkListenError`` when the path cannot be used, or NIO's error when binding fails.
    public func start(_ address: VarlinkListenAddress) async throws {
        let bootstrap = makeBootstrap()
        let listener: any Channel
        switch address {
        case .path(let path):
            try UnixSocketPath.prepareForBinding(path)
            listener = try await bootstrap.bind(unixDomainSocketPath: path).get()
            do {
                try UnixSocketPath.applyOwnership(
                    path, mode: configuration.socketMode, group: configuration.socketGroup)
            } catch {
                try? await listener.close()
                throw error
            }
            state.withLock {
                $0.listener = listener
                $0.boundPath = path
            }
        case .listeningSocket(let fileDescriptor):
            listener = try await bootstrap.withBoundSocket(fileDescriptor).get()
            state.withLock { $0.listener = listener }
        }
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
        try? await listener?.close()
        for connection in connections {
            try? await connection.close()
        }
        if let path { unlink(path) }
    }

    // MARK: - Accepting

    private func makeBootstrap() -> ServerBootstrap {
        let configuration = self.configuration
        return ServerBootstrap(group: eventLoopGroup)
            .serverChannelOption(.backlog, value: 1024)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelOption(
                .writeBufferWaterMark,
                value: .init(
                    low: configuration.outboundLowWatermark, high: configuration.outboundHighWatermark)
            )
            .childChannelInitializer { [self] channel in
                self.initialize(channel)
            }
    }

    private func initialize(_ channel: any Channel) -> EventLoopFuture<Void> {
        Self.kernelCredentials(of: channel).flatMapThrowing { [self] raw in
            let admission = self.state.withLock { $0.connections.admit(channel, uid: raw?.uid) }
            let sync = channel.pipeline.syncOperations
            switch admission {
            case .refusedServerFull(let id), .refusedUserFull(let id):
                let perUser: Bool
                if case .refusedUserFull = admission { perUser = true } else { perUser = false }
                self.logger.warning(
                    perUser ? "Connection refused: too many connections from this user" : "Connection refused: too many connections",
                    metadata: [
                        "varlink.connection": "\(id)", "varlink.peer.uid": "\(raw.map { "\($0.uid)" } ?? "unknown")",
                        "varlink.limit": "\(perUser ? self.configuration.maximumConnectionsPerUser : self.configuration.maximumConnections)",
                    ])
                try sync.addHandler(RefuseConnectionHandler(error: self.configuration.tooManyConnectionsError))
            case .admitted(let id):
                channel.closeFuture.whenComplete { [self] _ in
                    self.state.withLock { $0.connections.remove(id: id) }
                }
                let peer = raw.map {
                    PeerCredentials(
                        pid: $0.pid, uid: $0.uid, gid: $0.gid,
                        supplementaryGroups: PeerCredentials.supplementaryGroups(ofProcess: $0.pid))
                }
                var connectionLogger = self.logger
                connectionLogger[metadataKey: "varlink.connection"] = "\(id)"
                if let peer { connectionLogger[metadataKey: "varlink.peer.uid"] = "\(peer.uid)" }
                try sync.addHandler(
                    ByteToMessageHandler(NULFrameDecoder(maximumMessageSize: self.configuration.maximumMessageSize)))
                try sync.addHandler(
                    VarlinkServerConnectionHandler(
                        configuration: self.configuration, processor: self.processor,
                        connection: VarlinkConnectionInfo(id: id, peer: peer), logger: connectionLogger,
                        eventLoop: channel.eventLoop))
                connectionLogger.debug(
                    "Connection accepted", metadata: ["varlink.peer": "\(peer.map { "\($0)" } ?? "unknown")"])
            }
        }
    }

    /// `SO_PEERCRED` of an accepted connection; `nil` when the kernel does not say.
    private static func kernelCredentials(of channel: any Channel) -> EventLoopFuture<LinuxUcred?> {
        guard let provider = channel as? any SocketOptionProvider else {
            return channel.eventLoop.makeSucceededFuture(nil)
        }
        let future: EventLoopFuture<LinuxUcred> = provider.unsafeGetSocketOption(
            level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(SO_PEERCRED))
        return future.map { Optional($0) }.recover { _ in nil }
    }
}
