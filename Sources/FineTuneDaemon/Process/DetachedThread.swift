import Glibc

/// A detached POSIX thread that runs one closure, in place of Foundation's `Thread` (not in
/// FoundationEssentials).
///
/// Contracts:
/// - ``start(name:stackSize:_:)`` returns once the thread exists, or false when it could not be
///   created (the closure then never runs).
/// - The thread is named (the kernel keeps the first 15 bytes) and has `stackSize` bytes of stack.
/// - Nothing joins the thread: it ends when the closure returns and its resources go with it.
package enum DetachedThread {
    @discardableResult
    package static func start(name: String, stackSize: Int, _ body: @escaping @Sendable () -> Void) -> Bool {
        var attributes = pthread_attr_t()
        guard pthread_attr_init(&attributes) == 0 else { return false }
        defer { pthread_attr_destroy(&attributes) }
        _ = pthread_attr_setstacksize(&attributes, stackSize)
        _ = pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        let box = Unmanaged.passRetained(ThreadBody(name: name, run: body)).toOpaque()
        var thread = pthread_t()
        guard pthread_create(&thread, &attributes, runThreadBody, box) == 0 else {
            Unmanaged<ThreadBody>.fromOpaque(box).release()
            return false
        }
        return true
    }

    /// Names the calling thread through `/proc/thread-self/comm`, as `pthread_setname_np` does
    /// (which Glibc's Swift module does not export). Best effort: on failure it stays unnamed.
    fileprivate static func nameCallingThread(_ name: String) {
        let descriptor = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        let bytes = Array(name.utf8.prefix(15))
        _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    }
}

/// A thread's name and closure, boxed for the trip through `pthread_create`'s untyped argument.
private final class ThreadBody: Sendable {
    let name: String
    let run: @Sendable () -> Void

    init(name: String, run: @escaping @Sendable () -> Void) {
        self.name = name
        self.run = run
    }
}

/// The entry point of every ``DetachedThread``: takes back the box, names the thread, runs it.
private func runThreadBody(_ argument: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    guard let argument else { return nil }
    let body = Unmanaged<ThreadBody>.fromOpaque(argument).takeRetainedValue()
    DetachedThread.nameCallingThread(body.name)
    body.run()
    return nil
}
