import FineTuneDaemon
import Logging

extension Daemon {
    /// `Daemon.prepare`, then `run()` in a task this helper starts, returning once READY=1 is
    /// said. `stop()` ends that task and awaits its wind-down (within its deadline).
    public static func start(_ options: Options, logger: Logger) async throws -> Daemon {
        let daemon = try await prepare(options, logger: logger)
        Task { try? await daemon.run() }
        await daemon.waitUntilReady()
        return daemon
    }
}
