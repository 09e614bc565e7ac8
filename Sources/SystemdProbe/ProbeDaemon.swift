import Dispatch
import Glibc
import Logging
import Systemd
import UnixSignals

/// A stand-in daemon for the unit files under a real systemd (scripts/system-tests/systemd-pid1.sh):
/// socket activation, Type=notify with STATUS=, the watchdog fed by a heartbeat loop, SIGHUP
/// reload, SIGTERM stop, logs to journald chosen by JOURNAL_STREAM, the API key credential.
///
/// Each connection to the control socket sends one line: `hello` gets `hello from control`;
/// `hang` stops the heartbeat so the watchdog starves and systemd restarts the service.
enum ProbeDaemon {
    static func run() async -> Never {
        LoggingSystem.bootstrap(SystemdLogging.handlerFactory(identifier: "finetuned", level: .debug))
        var logger = Logger(label: "finetuned.probe")
        logger[metadataKey: JournalMetadataKey.account] = "default"
        let notifier = ServiceNotifier()

        guard let control = (try? ListenFDs.fromEnvironment())?.controlSocket else {
            logger.critical("no socket named control was passed")
            exit(2)
        }
        if let directory = getenv("CREDENTIALS_DIRECTORY").map({ String(cString: $0) }) {
            var info = stat()
            let found = stat(directory + "/openai-api-key", &info) == 0
            logger.info("API key credential \(found ? "present, \(info.st_size) bytes" : "missing")")
        }

        let heartbeats = LockedFlag()
        if let interval = ServiceNotifier.watchdogInterval() {
            let driver = WatchdogDriver(
                watchdogInterval: interval, stallTimeout: interval, notifier: notifier, logger: logger)
            let timer = DispatchSource.makeTimerSource(queue: .global())
            timer.schedule(deadline: .now(), repeating: .milliseconds(200))
            timer.setEventHandler {
                if heartbeats.isSet { driver.heartbeat() }
                driver.check()
            }
            timer.resume()
            keepAlive.append(timer)
        }
        heartbeats.set(true)

        // The lifecycle library's signal handling, as the daemon's; trapped before READY=1.
        let signals = await UnixSignalsSequence(trapping: .sigterm, .sighup)

        let accepts = DispatchSource.makeReadSource(fileDescriptor: control, queue: queue)
        accepts.setEventHandler {
            let client = accept(control, nil, nil)
            guard client >= 0 else { return }
            defer { close(client) }
            var buffer = [UInt8](repeating: 0, count: 256)
            let n = buffer.withUnsafeMutableBytes { read(client, $0.baseAddress, $0.count) }
            let request = n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self).trimmingCharacters() : ""
            let reply: String
            switch request {
            case "hang":
                heartbeats.set(false)
                logger.warning("heartbeat stopped on request")
                reply = "hanging\n"
            default:
                reply = "hello from control\n"
            }
            _ = Array(reply.utf8).withUnsafeBytes { write(client, $0.baseAddress, $0.count) }
        }
        accepts.resume()
        keepAlive.append(accepts)

        logger.info(
            "job ftjob-test succeeded",
            metadata: JournalEvent.succeeded.metadata.merging([
                JournalMetadataKey.job: "ftjob-test", JournalMetadataKey.status: "succeeded",
                JournalMetadataKey.model: "ft:gpt-4o-mini-2024-07-18:org::abc123",
            ]) { $1 })
        notifier.ready(status: "1 running, 0 queued; last poll 0 s ago")
        for await signal in signals {
            if signal == .sighup {
                notifier.reloading(status: "reloading")
                logger.notice("configuration reloaded")
                notifier.ready(status: "reloaded")
            } else {
                notifier.stopping(status: "stopping")
                logger.notice("stopping on SIGTERM")
                exit(0)
            }
        }
        exit(0)
    }

    /// Where the control socket's connections are accepted.
    private static let queue = DispatchQueue(label: "finetuned.probe")
}

/// Sources kept alive for the life of the process.
nonisolated(unsafe) private var keepAlive: [any DispatchSourceProtocol] = []

/// A boolean shared between the timer and the main queue.
private final class LockedFlag: Sendable {
    private let value = Atomic(false)
    var isSet: Bool { value.load(ordering: .acquiring) }
    func set(_ newValue: Bool) { value.store(newValue, ordering: .releasing) }
}

extension String {
    fileprivate func trimmingCharacters() -> String {
        String(self.filter { !$0.isWhitespace })
    }
}

import Synchronization
