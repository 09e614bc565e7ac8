import CVarlinkSocket
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// One thread that waits on epoll for its sockets and runs their handlers, the work handed to it,
/// and its timers, one at a time: the server's connections live on these loops.
///
/// Why not Dispatch sources: on Linux, libdispatch waits on epoll in a manager thread that then
/// wakes a worker thread to run the source's queue, and re-arms the source through the manager
/// again: two thread hand-offs and their wake-ups per request, most of the cost of a short call
/// (see README, control-socket figures). Here the thread that sees the socket readable reads the
/// call, answers it (``VarlinkMethodHandler/Body/immediate(_:)``) and writes the reply.
///
/// Contracts:
/// - Everything registered with a loop (handlers, timers, ``execute(_:)``'s work) runs on the
///   loop's thread, in order, never concurrently; such work must not block.
/// - `execute` may be called from any thread; from the loop's own thread it runs after the
///   current work, never on the caller's stack.
/// - Readiness is level-triggered: a handler that does not consume what is ready is called again.
///   A socket with no interest is removed from epoll, so a hang-up nobody waits for costs nothing.
/// - A loop runs for the life of the process (as NIO's singleton group).
final class VarlinkEventLoop: @unchecked Sendable {
    /// Readiness passed to a registration's handler.
    struct Readiness {
        var readable: Bool
        var writable: Bool
        /// Error or hang-up: read to see EOF or the error, write to fail.
        var failed: Bool
    }

    /// A registered socket.
    struct Token: Hashable {
        fileprivate var value: UInt64
    }

    /// A scheduled timer, to cancel it.
    struct TimerID: Hashable {
        fileprivate var value: UInt64
    }

    private struct Registration {
        var descriptor: Int32
        var readable = false
        var writable = false
        var inPoll = false
        var handler: (Readiness) -> Void
    }

    private struct Timer {
        var deadline: UInt64
        var id: UInt64
    }

    private let pollDescriptor: Int32
    private let wakeDescriptor: Int32
    private let thread = Atomic<UInt>(0)
    /// Work handed over from other threads, and whether the loop was already woken for it.
    private let handedOver = Mutex<(work: [@Sendable () -> Void], woken: Bool)>(([], false))

    // Loop-thread state.
    private var local: [() -> Void] = []
    private var registrations: [UInt64: Registration] = [:]
    private var timerWork: [UInt64: () -> Void] = [:]
    private var timerHeap: [Timer] = []
    private var nextID: UInt64 = 1

    /// The wake-up eventfd's token.
    private static let wakeToken: UInt64 = 0

    /// Starts a loop on a thread of its own; `nil` when the system refuses epoll or a thread.
    init?(name: String) {
        let poll = cvarlink_poll_create()
        let wake = cvarlink_wake_create()
        guard poll >= 0, wake >= 0, cvarlink_poll_set(poll, 0, wake, Self.wakeToken, 1, 0) == 0 else {
            if poll >= 0 { _ = Glibc.close(poll) }
            if wake >= 0 { _ = Glibc.close(wake) }
            return nil
        }
        pollDescriptor = poll
        wakeDescriptor = wake
        let box = Unmanaged.passRetained(LoopBox(self, name: name))
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        var handle = pthread_t()
        let created = pthread_create(
            &handle, &attributes,
            { raw in
                let box = Unmanaged<LoopBox>.fromOpaque(raw!).takeRetainedValue()
                cvarlink_name_thread(box.name)
                box.loop.run()
                return nil
            }, box.toOpaque())
        guard created == 0 else {
            box.release()
            _ = Glibc.close(poll)
            _ = Glibc.close(wake)
            return nil
        }
        pthread_detach(handle)
    }

    /// Whether the caller runs on this loop's thread.
    var inLoop: Bool { thread.load(ordering: .acquiring) == UInt(pthread_self()) }

    /// Runs `work` on the loop's thread, after what is already there.
    func execute(_ work: @escaping @Sendable () -> Void) {
        if inLoop {
            local.append(work)
            return
        }
        let wake = handedOver.withLock { state in
            state.work.append(work)
            defer { state.woken = true }
            return !state.woken
        }
        if wake { cvarlink_wake_signal(wakeDescriptor) }
    }

    // MARK: - Sockets (loop thread only)

    /// Registers `descriptor` with no interest yet; `handler` gets its readiness.
    func register(_ descriptor: Int32, handler: @escaping (Readiness) -> Void) -> Token {
        let id = nextID
        nextID += 1
        registrations[id] = Registration(descriptor: descriptor, handler: handler)
        return Token(value: id)
    }

    /// Sets what the socket waits for. Returns false when epoll refused it (errno set).
    @discardableResult
    func setInterest(_ token: Token, readable: Bool, writable: Bool) -> Bool {
        guard var registration = registrations[token.value] else { return true }
        guard registration.readable != readable || registration.writable != writable else { return true }
        registration.readable = readable
        registration.writable = writable
        let op: Int32
        if !readable && !writable {
            op = 2
        } else {
            op = registration.inPoll ? 1 : 0
        }
        let result = cvarlink_poll_set(
            pollDescriptor, op, registration.descriptor, token.value, readable ? 1 : 0, writable ? 1 : 0)
        registration.inPoll = op != 2
        registrations[token.value] = registration
        return result == 0
    }

    /// Forgets the socket (before the owner closes it).
    func deregister(_ token: Token) {
        guard let registration = registrations.removeValue(forKey: token.value) else { return }
        if registration.inPoll {
            _ = cvarlink_poll_set(pollDescriptor, 2, registration.descriptor, token.value, 0, 0)
        }
    }

    // MARK: - Timers (loop thread only)

    /// Runs `work` once, `nanoseconds` from now (at millisecond resolution, never early).
    func schedule(afterNanoseconds nanoseconds: UInt64, _ work: @escaping () -> Void) -> TimerID {
        let id = nextID
        nextID += 1
        timerWork[id] = work
        timerHeap.append(Timer(deadline: Self.now() &+ nanoseconds, id: id))
        siftUp(timerHeap.count - 1)
        return TimerID(value: id)
    }

    /// Cancels a timer that has not fired; nothing happens otherwise.
    func cancel(_ timer: TimerID) {
        timerWork[timer.value] = nil
    }

    // MARK: - The loop

    private func run() {
        thread.store(UInt(pthread_self()), ordering: .releasing)
        var tokens = [UInt64](repeating: 0, count: 64)
        var events = [UInt32](repeating: 0, count: 64)
        while true {
            runHandedOver()
            runLocal()
            let timeout = local.isEmpty ? timeoutToNextTimer() : 0
            let count = tokens.withUnsafeMutableBufferPointer { tokenBuffer in
                events.withUnsafeMutableBufferPointer { eventBuffer in
                    cvarlink_poll_wait(
                        pollDescriptor, tokenBuffer.baseAddress, eventBuffer.baseAddress, 64, timeout)
                }
            }
            if count > 0 {
                for index in 0..<Int(count) {
                    let token = tokens[index]
                    if token == Self.wakeToken {
                        cvarlink_wake_drain(wakeDescriptor)
                        continue
                    }
                    guard let registration = registrations[token] else { continue }
                    let bits = Int32(bitPattern: events[index])
                    registration.handler(
                        Readiness(
                            readable: bits & CVARLINK_POLL_READABLE != 0,
                            writable: bits & CVARLINK_POLL_WRITABLE != 0,
                            failed: bits & CVARLINK_POLL_ERROR != 0))
                }
            }
            fireDueTimers()
        }
    }

    private func runHandedOver() {
        let work = handedOver.withLock { state -> [@Sendable () -> Void] in
            state.woken = false
            defer { state.work.removeAll(keepingCapacity: true) }
            return state.work
        }
        for item in work { item() }
    }

    private func runLocal() {
        // Work added meanwhile waits for the next turn, after the sockets had theirs.
        guard !local.isEmpty else { return }
        let work = local
        local.removeAll(keepingCapacity: true)
        for item in work { item() }
    }

    /// Milliseconds to the earliest live timer, rounded up; -1 without timers.
    private func timeoutToNextTimer() -> Int32 {
        while let first = timerHeap.first, timerWork[first.id] == nil { popTimer() }
        guard let first = timerHeap.first else { return -1 }
        let now = Self.now()
        guard first.deadline > now else { return 0 }
        let milliseconds = (first.deadline - now + 999_999) / 1_000_000
        return Int32(min(milliseconds, UInt64(Int32.max)))
    }

    private func fireDueTimers() {
        guard !timerHeap.isEmpty else { return }
        let now = Self.now()
        while let first = timerHeap.first, first.deadline <= now {
            popTimer()
            if let work = timerWork.removeValue(forKey: first.id) { work() }
        }
    }

    private func popTimer() {
        let last = timerHeap.removeLast()
        guard !timerHeap.isEmpty else { return }
        timerHeap[0] = last
        var index = 0
        while true {
            let left = 2 * index + 1
            let right = left + 1
            var smallest = index
            if left < timerHeap.count && timerHeap[left].deadline < timerHeap[smallest].deadline { smallest = left }
            if right < timerHeap.count && timerHeap[right].deadline < timerHeap[smallest].deadline { smallest = right }
            guard smallest != index else { return }
            timerHeap.swapAt(index, smallest)
            index = smallest
        }
    }

    private func siftUp(_ start: Int) {
        var index = start
        while index > 0 {
            let parent = (index - 1) / 2
            guard timerHeap[index].deadline < timerHeap[parent].deadline else { return }
            timerHeap.swapAt(index, parent)
            index = parent
        }
    }

    private static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}

/// Carries the loop and its thread's name into the new thread.
private final class LoopBox {
    let loop: VarlinkEventLoop
    let name: String

    init(_ loop: VarlinkEventLoop, name: String) {
        self.loop = loop
        self.name = name
    }
}
