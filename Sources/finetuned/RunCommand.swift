import ArgumentParser
import FineTuneDaemon
import Foundation
import Logging
import Systemd

/// `finetuned` (or `finetuned run`): the daemon. Runs in the foreground, as systemd expects.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the daemon (the default): poll jobs, serve the control socket, report to systemd.")

    @Option(help: "The configuration file (its drop-ins are read from FILE.d/).")
    var config: String?

    enum LogTarget: String, ExpressibleByArgument, CaseIterable {
        case auto, journal, stderr
    }

    @Option(help: "Where logs go: journal (native fields), stderr (<N> prefixes), or auto (journal when stderr is connected to it).")
    var logTarget: LogTarget = .auto

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let listen = try ListenFDs.fromEnvironment()
        let level = Logger.Level(rawValue: environment["FINETUNED_LOG_LEVEL"] ?? "info") ?? .info
        let forceJournal: Bool? = logTarget == .auto ? nil : logTarget == .journal
        LoggingSystem.bootstrap(SystemdLogging.handlerFactory(identifier: "finetuned", level: level, forceJournal: forceJournal))
        let logger = Logger(label: "finetuned")
        var options = Daemon.Options(
            configPath: config ?? "/etc/finetuned/finetuned.conf", configRequired: config != nil,
            environment: environment, activatedControlSocket: listen.controlSocket)
        options.activatedMetricsSocket = listen.metricsSocket
        let daemon: Daemon
        do {
            daemon = try await Daemon.start(options, logger: logger)
        } catch {
            // `Daemon.start` has logged why (to stderr or the journal): said once, not twice.
            throw ExitCode(error is ConfigurationError ? 78 : 1)  // 78: EX_CONFIG
        }
        for await signal in Signals.stream([SIGHUP, SIGTERM, SIGINT]) {
            if signal == SIGHUP {
                await daemon.reload()
            } else {
                await daemon.stop()
                return
            }
        }
    }
}
