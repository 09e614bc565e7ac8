import Logging
import ServiceLifecycle
import UnixSignals

/// Runs `body` every `interval` (the first time at once) until graceful shutdown, which cancels
/// a run in progress; `run()` returns when it has.
struct PeriodicService: Service {
    let interval: Duration
    let body: @Sendable () async -> Void

    func run() async {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await body()
                try await Task.sleep(for: interval)
            }
        }
    }
}

/// A listener started before the group (so that the first call finds it bound): it serves until
/// graceful shutdown or cancellation, then `close` stops it and is awaited.
struct ListenerService: Service {
    let close: @Sendable () async -> Void

    func run() async {
        try? await gracefulShutdown()
        await close()
    }
}

/// Tells systemd where the daemon is: READY=1 once the group runs (its signal handlers are in
/// place by then), STOPPING=1 when a graceful shutdown begins. The last service of the group, so
/// the first told of a shutdown (the group tells them in reverse order); it then arms the stop
/// deadline.
struct LifecycleAnnouncer: Service {
    let ready: @Sendable () -> Void
    let stopping: @Sendable () -> Void
    let deadline: Duration
    let overrun: StopOverrun

    func run() async {
        ready()
        do {
            try await gracefulShutdown()
        } catch {
            // Cancelled: the group is going down without a graceful shutdown.
        }
        stopping()
        overrun.arm(after: deadline)
    }
}

/// SIGHUP, through the lifecycle library's signal sequence: each one reloads the configuration,
/// until graceful shutdown.
/// The sequence is made before the group runs, so that SIGHUP is trapped from READY=1 on.
struct ReloadOnHangup: Service {
    let hangups: UnixSignalsSequence
    let reload: @Sendable () async -> Void

    func run() async {
        for await _ in hangups.cancelOnGracefulShutdown() {
            await reload()
        }
    }
}
