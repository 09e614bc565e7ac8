#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Logging
import NIOCore
import NIOPosix
import Synchronization

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
            internalError: configuration.internalError)
        self.logger = logger
        self.eventLoopGroup = eventLoopGroup
        self.state = Mutex(
            State(connections: VarlinkConnectionTable(maximumConnections: configuration.maximumConnections)))
    }

    /// The number of open (admitted) connections.
    public var connectionCount: Int {
        state.withLock { $0.connections.connections.count }
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
                try UnixSocketPath.applyOwnership(path, mode: configuration.socketMode, group: configuration.socketGroup)
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
                value: .init(low: configuration.outboundLowWatermark, high: configuration.outboundHighWatermark)
            )
            .childChannelInitializer { [self] channel in
                self.initialize(channel)
            }
    }

    private func initialize(_ channel: any Channel) -> EventLoopFuture<Void> {
        let admission = state.withLock { $0.connections.admit(channel) }
        switch admission {
        case .refused(let id):
            logger.warning(
                "Connection refused: too many connections",
                metadata: ["varlink.connection": "\(id)", "varlink.limit": "\(configuration.maximumConnections)"])
            return channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(
                    RefuseConnectionHandler(error: configuration.tooManyConnectionsError))
            }
        case .admitted(let id):
            channel.closeFuture.whenComplete { [self] _ in
                self.state.withLock { $0.connections.remove(id: id) }
            }
            let configuration = self.configuration
            let processor = self.processor
            let logger = self.logger
            return Self.peerCredentials(of: channel).flatMapThrowing { peer in
                var connectionLogger = logger
                connectionLogger[metadataKey: "varlink.connection"] = "\(id)"
                if let peer { connectionLogger[metadataKey: "varlink.peer.uid"] = "\(peer.uid)" }
                let sync = channel.pipeline.syncOperations
                try sync.addHandler(
                    ByteToMessageHandler(NULFrameDecoder(maximumMessageSize: configuration.maximumMessageSize)))
                try sync.addHandler(
                    VarlinkServerConnectionHandler(
                        configuration: configuration, processor: processor,
                        connection: VarlinkConnectionInfo(id: id, peer: peer), logger: connectionLogger,
                        eventLoop: channel.eventLoop))
                connectionLogger.debug(
                    "Connection accepted", metadata: ["varlink.peer": "\(peer.map { "\($0)" } ?? "unknown")"])
            }
        }
    }

    /// `SO_PEERCRED` of an accepted connection, plus the peer's supplementary groups;
    /// `nil` when the kernel does not say.
    private static func peerCredentials(of channel: any Channel) -> EventLoopFuture<PeerCredentials?> {
        guard let provider = channel as? any SocketOptionProvider else {
            return channel.eventLoop.makeSucceededFuture(nil)
        }
        let future: EventLoopFuture<LinuxUcred> = provider.unsafeGetSocketOption(
            level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(SO_PEERCRED))
        return future.map { raw -> PeerCredentials? in
            PeerCredentials(
                pid: raw.pid, uid: raw.uid, gid: raw.gid,
                supplementaryGroups: PeerCredentials.supplementaryGroups(ofProcess: raw.pid))
        }.recover { _ in nil }
    }
}
