import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The file descriptors that came with one call (SCM_RIGHTS ancillary data), in the order they
/// were sent: parameters refer to them by index (systemd's Varlink convention).
///
/// Ownership contract: the server owns every descriptor it received. A handler that wants one
/// beyond its call takes it with ``take(_:)`` and must close it itself; every descriptor not
/// taken is closed by the server when the call ends, whatever way it ends (a reply, an error,
/// a cancelled task, a closed connection). A call on a method that takes no descriptors never
/// reaches its handler.
public final class VarlinkDescriptors: Sendable {
    private let slots: Mutex<[Int32?]>

    /// Takes ownership of `descriptors`.
    public init(_ descriptors: [Int32]) {
        slots = Mutex(descriptors.map { Optional($0) })
    }

    /// No descriptors.
    public static var none: VarlinkDescriptors { VarlinkDescriptors([]) }

    /// How many descriptors came with the call.
    public var count: Int { slots.withLock { $0.count } }

    /// Takes the descriptor at `index` out of the server's hands: the caller now owns it (and
    /// closes it). `nil` when the index is out of range or that descriptor was taken already.
    public func take(_ index: Int) -> Int32? {
        slots.withLock { slots in
            guard slots.indices.contains(index), let descriptor = slots[index] else { return nil }
            slots[index] = nil
            return descriptor
        }
    }

    /// Closes every descriptor not taken. Idempotent.
    public func closeRemaining() {
        let remaining = slots.withLock { slots in
            defer { slots = slots.map { _ in nil } }
            return slots.compactMap { $0 }
        }
        for descriptor in remaining { close(descriptor) }
    }

    deinit {
        closeRemaining()
    }
}
