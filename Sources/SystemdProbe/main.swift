// finetuned-systemd-probe: drives the Systemd module against real systemd pieces for the
// shell tests in scripts/system-tests (journald, sd_notify, socket activation). Not installed.
//
//   finetuned-systemd-probe journal [--force-journal]   log a job's life with fields
//   finetuned-systemd-probe notify                      READY, STATUS, WATCHDOG, RELOADING, STOPPING
//   finetuned-systemd-probe listen                      accept one connection on the "control" fd
//   finetuned-systemd-probe serve                       a daemon for a real systemd (see ProbeDaemon)
import Dispatch
import Glibc
import Logging
import Systemd

let arguments = Array(CommandLine.arguments.dropFirst())

func complain(_ text: String) {
    let bytes = Array((text + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}

switch arguments.first {
case "journal":
    let factory = SystemdLogging.handlerFactory(
        identifier: "finetuned", level: .debug,
        forceJournal: arguments.contains("--force-journal") ? true : nil)
    LoggingSystem.bootstrap(factory)
    var logger = Logger(label: "finetuned.probe")
    logger[metadataKey: JournalMetadataKey.account] = "default"
    logger[metadataKey: JournalMetadataKey.job] = "ftjob-test"
    logger.info(
        "job ftjob-test submitted",
        metadata: JournalEvent.submitted.metadata.merging(["model": "gpt-4o-mini-2024-07-18"]) { $1 })
    logger.info(
        "job ftjob-test is now running",
        metadata: JournalEvent.statusChanged.metadata.merging(["status": "running"]) { $1 })
    logger.notice(
        "job ftjob-test succeeded",
        metadata: JournalEvent.succeeded.metadata.merging([
            "status": "succeeded", "model": "ft:gpt-4o-mini-2024-07-18:org::abc123",
            "api_key": "sk-probe-secret",
        ]) { $1 })
    logger.debug("multi-line\nmessage")
case "notify":
    let notifier = ServiceNotifier()
    guard notifier.isConnected else {
        complain("NOTIFY_SOCKET is not set")
        exit(2)
    }
    let interval = ServiceNotifier.watchdogInterval()
    print("watchdog interval: \(interval.map { "\($0)" } ?? "off")")
    notifier.ready(status: "0 running, 0 queued; last poll never")
    notifier.status("1 running, 0 queued; last poll 0 s ago")
    if let interval {
        let driver = WatchdogDriver(
            watchdogInterval: interval, stallTimeout: interval, notifier: notifier,
            logger: Logger(label: "probe"))
        driver.heartbeat()
        driver.check()
    }
    notifier.reloading()
    notifier.ready()
    notifier.stopping()
case "listen":
    let fds = try ListenFDs.fromEnvironment()
    print("sockets: " + fds.sockets.map { "\($0.name)=\($0.fd)" }.joined(separator: " "))
    guard let control = fds.controlSocket else {
        complain("no listening socket named control")
        exit(2)
    }
    let client = accept(control, nil, nil)
    guard client >= 0 else { exit(3) }
    let reply = Array("hello from control\n".utf8)
    _ = reply.withUnsafeBytes { write(client, $0.baseAddress, $0.count) }
    close(client)
case "serve":
    await ProbeDaemon.run()
default:
    complain("usage: finetuned-systemd-probe journal|notify|listen|serve")
    exit(2)
}
