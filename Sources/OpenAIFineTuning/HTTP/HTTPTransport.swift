import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// A small HTTP/1.1 client: keep-alive connections per endpoint, TLS with the system's trust
/// roots (SNI and host-name verification) for https, plain TCP for http.
///
/// Contract:
/// - `execute` returns the whole answer, whatever its status, or throws an `HTTPTransportError`;
///   the deadline covers everything (connecting, the TLS handshake, writing, reading).
/// - A connection is reused only after a whole exchange whose answer lets it stay open. An
///   idempotent request that finds a reused connection closed before any answer byte arrived
///   is resent once on a fresh connection (the server closed it while idle).
/// - Cancelling the calling task fails the exchange with `.cancelled` and closes its connection.
/// - `shutdown()` closes the idle connections; exchanges in flight finish on theirs, which are
///   then closed. The shared transport is never shut down.
final class HTTPTransport: Sendable {
    struct Configuration: Sendable {
        var connectTimeout: Duration = .seconds(10)
        var maxIdlePerEndpoint = 8
        var idleTimeout: Duration = .seconds(50)
    }

    /// One transport for clients that do not own theirs (management plane, token issuers).
    static let shared = HTTPTransport()

    let configuration: Configuration
    let pool: HTTPConnectionPool
    private let group: any EventLoopGroup
    private let tlsContext = Mutex<NIOSSLContext?>(nil)

    init(configuration: Configuration = .init(), group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.configuration = configuration
        self.group = group
        self.pool = HTTPConnectionPool(
            maxIdlePerEndpoint: configuration.maxIdlePerEndpoint, idleTimeout: configuration.idleTimeout)
    }

    /// Sends `request` and collects its answer, whose body may hold at most `maxBodyBytes`.
    func execute(
        _ request: HTTPRequest, timeout: Duration, maxBodyBytes: Int
    ) async throws(HTTPTransportError) -> HTTPResponse {
        let (endpoint, target) = try HTTPEndpoint.parse(request.url)
        let deadline = NIODeadline.now() + TimeAmount(timeout)
        var head = HTTPRequestHead(version: .http1_1, method: request.method, uri: target, headers: request.headers)
        head.headers.replaceOrAdd(name: "host", value: endpoint.hostHeader)
        head.headers.remove(name: "transfer-encoding")
        if case .none = request.body, ![.POST, .PUT, .PATCH].contains(request.method) {
            head.headers.remove(name: "content-length")
        } else {
            head.headers.replaceOrAdd(name: "content-length", value: String(request.body.length))
        }
        var mayResend = request.idempotent
        while true {
            if Task.isCancelled { throw HTTPTransportError(.cancelled, "cancelled") }
            let reused = pool.take(endpoint)
            let connection: HTTPConnection
            if let reused {
                connection = reused
            } else {
                connection = try await connect(endpoint, deadline: deadline)
            }
            do {
                let answer = try await withTaskCancellationHandler {
                    try await connection.exchange(
                        head: head, body: request.body, limit: maxBodyBytes, deadline: deadline)
                } onCancel: {
                    connection.cancel()
                }
                if answer.keepAlive { pool.giveBack(connection) } else { connection.close() }
                return answer.response
            } catch let error as HTTPTransportError {
                connection.close()
                if reused != nil, mayResend, error.beforeAnswer {
                    mayResend = false
                    continue
                }
                throw error
            } catch {
                connection.close()
                throw HTTPTransportError(.connectionLost, "\(error)")
            }
        }
    }

    /// Closes the idle connections; later ones are closed after their exchange. Idempotent.
    func shutdown() {
        pool.shutdown()
    }

    private func connect(
        _ endpoint: HTTPEndpoint, deadline: NIODeadline
    ) async throws(HTTPTransportError)
        -> HTTPConnection
    {
        let remaining = deadline - .now()
        let limit = TimeAmount(configuration.connectTimeout)
        let bindingDeadline = remaining < limit
        guard remaining > .zero else { throw HTTPTransportError(.deadlineExceeded, "no time left to connect") }
        do {
            let tls = endpoint.isSecure ? try tlsContextForClients() : nil
            return try await HTTPConnection.connect(
                to: endpoint, tls: tls, group: group, timeout: bindingDeadline ? remaining : limit)
        } catch let error as HTTPTransportError {
            throw error
        } catch ChannelError.connectTimeout {
            if bindingDeadline { throw HTTPTransportError(.deadlineExceeded, "no connection in time") }
            throw HTTPTransportError(.connectTimeout, "no connection to \(endpoint) in time")
        } catch {
            if error is NIOSSLError || error is BoringSSLError {
                throw HTTPTransportError(.tls, "TLS setup failed: \(error)")
            }
            throw HTTPTransportError(.connectRefused, "could not connect to \(endpoint): \(error)")
        }
    }

    /// The TLS context of https connections, made on first use: the system's trust roots and
    /// full certificate verification, host name included.
    private func tlsContextForClients() throws -> NIOSSLContext {
        try tlsContext.withLock { context in
            if let context { return context }
            let made = try NIOSSLContext(configuration: .makeClientConfiguration())
            context = made
            return made
        }
    }
}
