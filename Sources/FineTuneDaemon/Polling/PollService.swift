import ServiceLifecycle

/// The poll service: runs the current `Poller` (each reload brings a new one, `replace(with:)`)
/// as a child task. At graceful shutdown the running poller and its cycle are cancelled and
/// awaited.
final class PollService: Service, Sendable {
    private let pollers: AsyncStream<Poller>
    private let intake: AsyncStream<Poller>.Continuation

    init() {
        (pollers, intake) = AsyncStream<Poller>.makeStream()
    }

    /// Makes `poller` the running one: the previous one is stopped (and awaited) first.
    func replace(with poller: Poller) {
        intake.yield(poller)
    }

    func run() async {
        await withDiscardingTaskGroup { group in
            var current: Poller?
            for await poller in pollers.cancelOnGracefulShutdown() {
                await current?.stop()
                current = poller
                group.addTask { await poller.run() }
            }
            intake.finish()
            group.cancelAll()
        }
    }
}
