import Glibc
import NIOCore
import NIOHTTP1
import NIOPosix

/// The `/metrics` listener: a small HTTP/1 server on `MetricsListen=` or on the socket systemd
/// passed (`FileDescriptorName=metrics` in `finetuned-metrics.socket`).
///
/// Contract: `render` is called on a thread-pool thread for every scrape and returns the whole
/// exposition. A Unix socket the server binds itself gets mode 0660 and is removed by `stop()`.
public final class MetricsHTTPServer: Sendable {
    public enum Listen: Sendable {
        case address(MetricsListenAddress)
        /// A listening stream socket (Unix or TCP) from socket activation.
        case activated(fileDescriptor: Int32)
    }

    private let channel: any Channel
    private let boundPath: String?
    /// Where the server listens, for the log (`127.0.0.1:40123`, a path, or the activated fd's address).
    public let localAddress: String

    private init(channel: any Channel, boundPath: String?, localAddress: String) {
        self.channel = channel
        self.boundPath = boundPath
        self.localAddress = localAddress
    }

    /// Binds (or adopts) the socket and starts answering.
    public static func start(
        _ listen: Listen, render: @escaping @Sendable () -> [UInt8]
    ) async throws -> MetricsHTTPServer {
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(MetricsHTTPHandler(render: render))
                }
            }
        let channel: any Channel
        var boundPath: String?
        switch listen {
        case .address(.unixSocket(let path)):
            channel = try await bootstrap.bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true).get()
            chmod(path, 0o660)
            boundPath = path
        case .address(.tcp(let host, let port)):
            channel = try await bootstrap.bind(host: host, port: port).get()
        case .activated(let fileDescriptor):
            channel = try await bootstrap.withBoundSocket(fileDescriptor).get()
        }
        let local = boundPath ?? channel.localAddress.map(Self.describe) ?? "(activated socket)"
        return MetricsHTTPServer(channel: channel, boundPath: boundPath, localAddress: local)
    }

    /// Stops listening and removes a socket file the server bound itself.
    public func stop() async {
        try? await channel.close()
        if let boundPath { unlink(boundPath) }
    }

    private static func describe(_ address: SocketAddress) -> String {
        switch address {
        case .v4: "\(address.ipAddress ?? "?"):\(address.port ?? 0)"
        case .v6: "[\(address.ipAddress ?? "?")]:\(address.port ?? 0)"
        case .unixDomainSocket: address.pathname ?? "(unix socket)"
        }
    }
}
