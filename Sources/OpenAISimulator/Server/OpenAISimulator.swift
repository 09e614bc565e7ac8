import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A faithful fake of the OpenAI fine-tuning API over real HTTP on loopback: the same endpoints,
/// envelopes, headers and quirks, jobs that move through their lifecycle on a scaled clock, and
/// failures injected on demand. Tests talk to it as they would to the real API.
///
/// ```swift
/// let simulator = try await OpenAISimulator.start(.init(timeScale: 100))
/// // point a client at simulator.baseURL
/// try await simulator.shutdown()
/// ```
public final class OpenAISimulator: Sendable {
    public let configuration: SimulatorConfiguration
    let core: SimulatorCore
    private let channel: any Channel

    /// The bound port (useful when the configuration asked for port 0).
    public let port: Int

    private init(configuration: SimulatorConfiguration, core: SimulatorCore, channel: any Channel, port: Int) {
        self.configuration = configuration
        self.core = core
        self.channel = channel
        self.port = port
    }

    /// Binds and starts serving.
    public static func start(_ configuration: SimulatorConfiguration = .init()) async throws -> OpenAISimulator {
        let core = try SimulatorCore(configuration: configuration)
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 512)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(SimulatorHTTPHandler(core: core))
                }
            }
        let channel = try await bootstrap.bind(host: configuration.host, port: configuration.port).get()
        let port = channel.localAddress?.port ?? configuration.port
        return OpenAISimulator(configuration: configuration, core: core, channel: channel, port: port)
    }

    /// Stops listening. State already written to the data directory stays for the next start.
    public func shutdown() async throws {
        try await channel.close()
        core.discard()
    }

    /// `http://HOST:PORT/v1`: the base URL for an OpenAI-style client.
    public var baseURL: URL { URL(string: "http://\(configuration.host):\(port)/v1")! }
    /// The root of the server (`http://HOST:PORT`): Azure's resource endpoint (`/openai/v1`,
    /// `/openai`) and its Entra authority host (`/TENANT/oauth2/v2.0/token`) when `dialect` is `.azure`.
    public var rootURL: URL { URL(string: "http://\(configuration.host):\(port)")! }
    /// `http://HOST:PORT/openai`: the base URL for an Azure-style client (`api-key`, `api-version`).
    public var azureBaseURL: URL { URL(string: "http://\(configuration.host):\(port)/openai")! }
    /// `http://HOST:PORT/admin`.
    public var adminURL: URL { URL(string: "http://\(configuration.host):\(port)/admin")! }

    // MARK: Test controls (the same as the admin API, without HTTP)

    /// Requests seen per endpoint template, e.g. `["GET /fine_tuning/jobs/{id}": 3]`.
    public func requestCounts() -> [String: Int] { core.state.withLock { $0.requestCounts } }

    /// Every API request seen, in order of arrival.
    public func requestLog() -> [RequestRecord] { core.state.withLock { $0.requestLog } }

    public func setFaults(_ plan: FaultPlan) {
        core.state.withLock { $0.injector = FaultInjector(plan: plan) }
    }

    /// Forces a job to `status` now (`succeeded`, `failed`, `cancelled`, or a pinned non-terminal one).
    public func forceOutcome(jobID: String, status: String, errorCode: String? = nil, errorMessage: String? = nil) {
        core.state.withLock { state in
            _ = core.forceOutcome(
                jobID: jobID, status: status,
                error: errorMessage.map { JobFailure(code: errorCode ?? "server_error", message: $0, param: nil) },
                &state)
            core.persistIfNeeded(&state)
        }
    }

    /// Creates `count` jobs pinned at `status`; returns their ids, oldest first.
    public func preloadJobs(
        count: Int, status: String = "running", model: String = "gpt-4o-mini",
        metadata: [String: String]? = nil
    ) -> [String] {
        core.state.withLock { state in
            let ids = core.preload(count: count, status: status, model: model, metadata: metadata, &state)
            core.persistIfNeeded(&state)
            return ids
        }
    }

    public func setShutdownDate(model: String, date: String?) {
        core.state.withLock { state in
            state.shutdownDates[model] = date
            state.dirty = true
            core.persistIfNeeded(&state)
        }
    }

    /// The part ids each Uploads API upload received, in arrival order, by upload id (as
    /// `GET /admin/uploads` lists them).
    public func uploadParts() -> [String: [String]] {
        core.state.withLock { state in
            state.uploads.mapValues { $0.partOrder ?? Array($0.parts.keys) }
        }
    }

    /// Makes every pending Uploads API upload expire now (as `POST /admin/uploads/all/expire`).
    public func expireUploads() {
        core.state.withLock { state in
            _ = core.adminExpireUpload("all", &state)
            core.persistIfNeeded(&state)
        }
    }

    /// With a message, job creation answers 403 with it (as when a provider closes fine-tuning).
    public func disableJobCreation(message: String?) {
        core.state.withLock { state in
            state.createDisabledMessage = message
            state.dirty = true
            core.persistIfNeeded(&state)
        }
    }
}
