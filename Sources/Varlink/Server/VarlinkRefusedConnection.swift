import CVarlinkSocket
import Dispatch

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Answers a connection over the cap with one error reply, then closes it.
///
/// It does not close at once: a client usually sends its call right after connecting, and on a
/// Unix socket a write to a peer that has already closed fails (`EPIPE`) before the client has
/// read the reply waiting for it, so the client would see a broken pipe instead of the reason.
/// The connection is closed when the client's first bytes arrive (they are dropped, descriptors
/// that came with them closed), when it closes its end, or after `linger`, whichever comes first.
enum VarlinkRefusedConnection {
    static func refuse(_ descriptor: Int32, with error: VarlinkError, linger: DispatchTimeInterval = .seconds(1)) {
        let reply = VarlinkReplyEncoder.encode(error)
        _ = reply.withUnsafeReadableBytes { bytes in
            cvarlink_send(descriptor, bytes.baseAddress, bytes.count, nil, 0, Int32(MSG_DONTWAIT))
        }
        let queue = DispatchQueue(label: "varlink.refused")
        let watch = Watch(DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: queue))
        watch.source.setEventHandler {
            var byte: UInt8 = 0
            var fds = [Int32](repeating: -1, count: Int(CVARLINK_MAX_FDS))
            var count: Int32 = 0
            var truncated: Int32 = 0
            _ = fds.withUnsafeMutableBufferPointer { fds in
                cvarlink_recv(descriptor, &byte, 1, fds.baseAddress, &count, &truncated)
            }
            for index in 0..<Int(count) { _ = Glibc.close(fds[index]) }
            watch.cancel()
        }
        watch.source.setCancelHandler { _ = Glibc.close(descriptor) }
        watch.source.resume()
        queue.asyncAfter(deadline: .now() + linger) { watch.cancel() }
    }

    /// The read source, touched only on its queue.
    private final class Watch: @unchecked Sendable {
        let source: any DispatchSourceRead
        init(_ source: any DispatchSourceRead) { self.source = source }
        func cancel() { if !source.isCancelled { source.cancel() } }
    }
}
