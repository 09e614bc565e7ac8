import Glibc
import Logging
import Testing
@testable import Systemd

@Suite("Notifying the service manager")
struct ServiceNotifierTests {
    @Test("READY, STATUS, WATCHDOG, RELOADING and STOPPING arrive in order on a real socket")
    func sequence() throws {
        let dir = try TemporaryDirectory()
        let listener = try DatagramListener(directory: dir.path)
        let notifier = ServiceNotifier(destination: .socket(path: listener.path))
        #expect(notifier.ready(status: "3 running, 1 queued; last poll 12 s ago"))
        #expect(notifier.status("multi\nline"))
        #expect(notifier.watchdog())
        #expect(notifier.reloading())
        #expect(notifier.stopping())
        #expect(listener.receive() == "READY=1\nSTATUS=3 running, 1 queued; last poll 12 s ago")
        #expect(listener.receive() == "STATUS=multi line")
        #expect(listener.receive() == "WATCHDOG=1")
        let reloading = try #require(listener.receive())
        let lines = reloading.split(separator: "\n")
        #expect(lines.first == "RELOADING=1")
        let usec = try #require(lines.last.flatMap { UInt64($0.dropFirst("MONOTONIC_USEC=".count)) })
        #expect(usec > 0 && usec <= MonotonicClock.nowMicroseconds())
        #expect(listener.receive() == "STOPPING=1")
    }

    @Test("with no listener, sending fails quietly")
    func noListener() {
        #expect(!ServiceNotifier(destination: .socket(path: "/nonexistent/notify.sock")).ready())
        #expect(!ServiceNotifier(destination: .none).watchdog())
    }

    @Test("the watchdog driver pings while the loop is healthy and starves once it stalls")
    func driver() throws {
        let dir = try TemporaryDirectory()
        let listener = try DatagramListener(directory: dir.path)
        let notifier = ServiceNotifier(destination: .socket(path: listener.path))
        let healthy = WatchdogDriver(
            watchdogInterval: .seconds(30), stallTimeout: .seconds(60), notifier: notifier,
            logger: Logger(label: "test"))
        #expect(healthy.pingInterval == .seconds(15))
        #expect(healthy.check() == .ping)
        #expect(listener.receive() == "WATCHDOG=1")

        // A loop that slept until a tick due long ago is stalled: no datagram is sent.
        let stalled = WatchdogDriver(
            watchdogInterval: .seconds(30), stallTimeout: .seconds(1), notifier: notifier,
            logger: Logger(label: "test"))
        stalled.willSleep(until: .now - .seconds(5))
        guard case .starve(.tickOverdue, _) = stalled.check() else {
            Issue.record("expected starvation")
            return
        }
        #expect(listener.receive(timeoutMilliseconds: 0) == nil)
        stalled.heartbeat()
        #expect(stalled.check() == .ping)
        #expect(listener.receive() == "WATCHDOG=1")
    }

    @Test("notify messages stay single-line so a status cannot inject READY=1")
    func injection() {
        let message = NotifyMessage(["STATUS": "ok\nREADY=1"])
        #expect(message.wireFormat == "STATUS=ok READY=1")
    }
}

@Suite("Watchdog decisions")
struct WatchdogSupervisorTests {
    let start = ContinuousClock.Instant.now

    @Test("busy with recent progress pings; without progress past the timeout it starves")
    func busy() {
        var supervisor = WatchdogSupervisor(stallTimeout: .seconds(90), start: start)
        #expect(supervisor.decide(at: start + .seconds(89)) == .ping)
        #expect(supervisor.decide(at: start + .seconds(100)) == .starve(reason: .noProgress, stalledFor: .seconds(10)))
        supervisor.heartbeat(at: start + .seconds(95))
        #expect(supervisor.decide(at: start + .seconds(100)) == .ping)
    }

    @Test("asleep pings until the next tick is overdue by the timeout")
    func asleep() {
        var supervisor = WatchdogSupervisor(stallTimeout: .seconds(30), start: start)
        supervisor.willSleep(until: start + .seconds(600))
        // A long sleep is healthy, however long it is.
        #expect(supervisor.decide(at: start + .seconds(599)) == .ping)
        #expect(supervisor.decide(at: start + .seconds(629)) == .ping)
        #expect(supervisor.decide(at: start + .seconds(640)) == .starve(reason: .tickOverdue, stalledFor: .seconds(10)))
        supervisor.heartbeat(at: start + .seconds(641))
        #expect(supervisor.decide(at: start + .seconds(650)) == .ping)
    }
}
