import FineTuneDaemon
import OpenAISimulator

/// Something a test sets up and must take down again (sockets, threads, a temporary directory).
public protocol TearDownable: Sendable {
    func tearDown() async
}

extension DaemonFixture: TearDownable {}

/// Runs `body` with `fixture`, then awaits `fixture.tearDown()`, whether `body` returned or threw.
/// The teardown is over when this returns, so the next test starts on a quiet process.
public func withTearDown<Fixture: TearDownable, T>(
    of fixture: Fixture, _ body: (Fixture) async throws -> T
) async throws -> T {
    do {
        let result = try await body(fixture)
        await fixture.tearDown()
        return result
    } catch {
        await fixture.tearDown()
        throw error
    }
}

/// A simulator on loopback for the length of `body`; shut down (and awaited) afterwards.
public func withSimulator<T>(
    _ configuration: SimulatorConfiguration = .init(), _ body: (OpenAISimulator) async throws -> T
) async throws -> T {
    let simulator = try await OpenAISimulator.start(configuration)
    do {
        let result = try await body(simulator)
        try await simulator.shutdown()
        return result
    } catch {
        try? await simulator.shutdown()
        throw error
    }
}

/// A ``DaemonFixture`` (a simulator, and a daemon the test starts with `startDaemon()`) for the
/// length of `body`; its teardown (daemon stopped, simulator shut down, directory removed) is
/// awaited before this returns. The parameters are ``DaemonFixture/init(timeScale:faults:extraConfig:environment:stallTimeout:requestTimeout:accountConfig:azure:)``'s.
public func withDaemon<T>(
    timeScale: Double = 100, faults: FaultPlan = .init(), extraConfig: String = "",
    environment: [String: String] = [:], stallTimeout: Duration? = nil, requestTimeout: String = "10s",
    accountConfig: String = "", azure: AzureSimulation? = nil,
    _ body: (DaemonFixture) async throws -> T
) async throws -> T {
    let fixture = try await DaemonFixture(
        timeScale: timeScale, faults: faults, extraConfig: extraConfig, environment: environment,
        stallTimeout: stallTimeout, requestTimeout: requestTimeout, accountConfig: accountConfig, azure: azure)
    return try await withTearDown(of: fixture, body)
}

/// Runs `body`, then awaits `tearDown` (closing clients, shutting down a second simulator),
/// whether `body` returned or threw. A teardown that throws after a successful `body` fails the
/// test; after a failed `body`, the body's error is the one reported.
public func withTearDown<T>(
    _ tearDown: () async throws -> Void, _ body: () async throws -> T
) async throws -> T {
    do {
        let result = try await body()
        try await tearDown()
        return result
    } catch {
        try? await tearDown()
        throw error
    }
}
