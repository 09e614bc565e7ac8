import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The event loops every ``VarlinkServer`` of the process shares: one per core (at most four),
/// started on first use and kept for the life of the process, as NIO's singleton group.
/// Connections are spread over them in turn.
enum VarlinkEventLoopGroup {
    /// The loops; empty only when the system refused epoll or threads.
    static let loops: [VarlinkEventLoop] = {
        let cores = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        let count = min(max(cores, 1), 4)
        return (0..<count).compactMap { VarlinkEventLoop(name: "varlink-loop-\($0)") }
    }()

    private static let turn = Atomic<UInt>(0)

    /// The loop for a new connection; nil when there is none (see ``loops``).
    static func next() -> VarlinkEventLoop? {
        let loops = Self.loops
        guard !loops.isEmpty else { return nil }
        let index = turn.wrappingAdd(1, ordering: .relaxed).oldValue
        return loops[Int(index % UInt(loops.count))]
    }
}
