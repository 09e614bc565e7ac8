import FineTuneDaemon
import Logging

extension Daemon {
    /// `Daemon.prepare`, then `run()` in a task this helper starts, returning once READY=1 is
    /// said. `stop()` ends that task and awaits its wind-down (within its deadline);
    /// `stopAndWait()` awaits the wind-down itself.
    public static func start(_ options: Options, logger: Logger) async throws -> Daemon {
        let daemon = try await prepare(options, logger: logger)
        Task { try? await daemon.run() }
        await daemon.waitUntilReady()
        return daemon
    }

    /// `stop()`, awaiting the end of `run()` itself rather than the stop's deadline; throws a
    /// ``FixtureError`` when the run has not ended within `limit` (a hang: the run cancels
    /// everything left at its own stop deadline).
    public func stopAndWait(limit: Duration = .seconds(60)) async throws {
        guard await stop(deadline: limit) else {
            throw FixtureError("the daemon's run had not ended \(limit) after the stop (it still holds its database)")
        }
    }
}
