import ArgumentParser
import FineTuneDaemon
import FoundationEssentials
import Glibc
import Logging
import Systemd

/// `finetuned` (or `finetuned run`): the daemon. Runs in the foreground, as systemd expects.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the daemon (the default): poll jobs, serve the control socket, report to systemd.",
        discussion: """
            Exit codes: 0 stopped cleanly (or --check-config / --check-database found no problem); 1 the \
            daemon could not start (the database is corrupt or newer, the socket cannot be bound); 73 another finetuned \
            holds the database (DATABASE.lock, beside DatabasePath=; the message names its pid); 78 \
            the configuration is wrong (file:line: Key: reason) or an API key cannot be found.
            """)

    @Option(help: "The configuration file (its drop-ins are read from FILE.d/).")
    var config: String?

    enum LogTarget: String, ExpressibleByArgument, CaseIterable {
        case auto, journal, stderr
    }

    @Option(
        help:
            "Where logs go: journal (native fields), stderr (<N> prefixes), or auto (journal when stderr is connected to it)."
    )
    var logTarget: LogTarget = .auto

    @Flag(
        help:
            "Check the configuration, the API keys' sources and the database path, print what was found, and exit: 0 when all is well, 78 when not (like sshd -t)."
    )
    var checkConfig = false

    @Flag(
        help:
            "Read every page and index of the configured database (PRAGMA integrity_check), read-only, and exit: 0 sound, 65 damaged, 66 unreadable. The daemon itself does this at start only after a stop that was not clean."
    )
    var checkDatabase = false

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        if checkDatabase {
            let outcome = DatabaseCheck.run(
                configPath: config ?? "/etc/finetuned/finetuned.conf", required: config != nil, environment: environment
            )
            let text =
                outcome.lines.map { outcome.exitStatus == 0 ? $0 : "finetuned: \($0)" }.joined(separator: "\n") + "\n"
            // Nothing better to do when the output has gone: the exit status still says the outcome.
            try? (outcome.exitStatus == 0 ? StandardStream.output : StandardStream.error).write(text)
            throw ExitCode(outcome.exitStatus)
        }
        if checkConfig {
            let outcome = ConfigCheck.run(
                configPath: config ?? "/etc/finetuned/finetuned.conf", required: config != nil, environment: environment
            )
            let text = outcome.lines.map { outcome.ok ? $0 : "finetuned: \($0)" }.joined(separator: "\n") + "\n"
            // Nothing better to do when the output has gone: the exit status still says the outcome.
            try? (outcome.ok ? StandardStream.output : StandardStream.error).write(text)
            throw ExitCode(outcome.ok ? 0 : 78)
        }
        // Before the daemon allocates much: fewer arenas, fixed mmap/trim thresholds (see the type).
        AllocatorSettings.apply(environment: environment)
        let listen = try ListenFDs.fromEnvironment()
        // Until the configuration is read (its LogLevel=, or FINETUNED_LOG_LEVEL over it).
        let level = LogLevelSetting(Logger.Level(rawValue: environment["FINETUNED_LOG_LEVEL"] ?? "info") ?? .info)
        let forceJournal: Bool? = logTarget == .auto ? nil : logTarget == .journal
        LoggingSystem.bootstrap(
            SystemdLogging.handlerFactory(identifier: "finetuned", levelSetting: level, forceJournal: forceJournal))
        let logger = Logger(label: "finetuned")
        var options = Daemon.Options(
            configPath: config ?? "/etc/finetuned/finetuned.conf", configRequired: config != nil,
            environment: environment, activatedControlSocket: listen.controlSocket)
        options.activatedMetricsSocket = listen.metricsSocket
        options.logLevel = level
        // SIGTERM and SIGINT stop gracefully, SIGHUP reloads (the lifecycle library's signals).
        options.handlesSignals = true
        // A stop that overruns its deadline leaves what is not done (every write is a transaction).
        options.stopOverrun = { Glibc.exit(0) }
        let daemon: Daemon
        do {
            daemon = try await Daemon.prepare(options, logger: logger)
        } catch {
            // `Daemon.prepare` has logged why (to stderr or the journal): said once, not twice.
            throw ExitCode(Self.exitCode(for: error))
        }
        do {
            try await daemon.run()
        } catch {
            // `run()` has logged which part failed.
            throw ExitCode(1)
        }
    }

    /// 78 (EX_CONFIG) for a configuration error, 73 (EX_CANTCREAT) when another daemon holds the
    /// database, 1 for anything else.
    static func exitCode(for error: any Error) -> Int32 {
        switch error {
        case is ConfigurationError: 78
        case DatabaseLock.Failure.held: 73
        default: 1
        }
    }
}
