import Foundation
import Synchronization
import Testing
import Varlink

#if canImport(Glibc)
    import Glibc
#endif

/// The server takes a request's bytes off the socket only once the reply is written (it peeks
/// first): taking them earlier wakes a client blocked in `read(2)` for nothing, since Linux
/// wakes the sender's socket when the bytes charged to it are freed.
@Suite struct VarlinkRequestTakenAfterReplyTests {
    /// The bytes the client has sent that the server has not taken yet (SIOCOUTQ on a Unix
    /// socket: the send buffer still charged).
    private static func unread(_ descriptor: Int32) -> Int32 {
        var count: Int32 = -1
        _ = ioctl(descriptor, UInt(TIOCOUTQ), &count)
        return count
    }

    @Test func anImmediateCallsRequestIsStillQueuedWhileItRunsAndTakenOnceAnswered() async throws {
        try await TestServer.with { server in
            let client = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            #expect(client >= 0)
            defer { _ = Glibc.close(client) }
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: server.socketPath.utf8) }
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(client, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            try #require(connected == 0)
            let seenWhileRunning = Mutex<Int32>(-1)
            server.probe.whileAdding { seenWhileRunning.withLock { $0 = Self.unread(client) } }
            /// Sends Add and reads its reply with blocking reads, as a simple client does.
            func add(_ a: Int, _ b: Int) throws -> JSONValue? {
                let request =
                    Array(#"{"method":"io.finetuned.test.Add","parameters":{"a":\#(a),"b":\#(b)}}"#.utf8) + [0]
                #expect(request.withUnsafeBytes { write(client, $0.baseAddress, $0.count) } == request.count)
                var reply: [UInt8] = []
                var buffer = [UInt8](repeating: 0, count: 4096)
                while reply.last != 0 {
                    let count = buffer.withUnsafeMutableBytes { read(client, $0.baseAddress, $0.count) }
                    try #require(count > 0)
                    reply += buffer[0..<count]
                }
                return try VarlinkReplyMessage(parsing: reply.dropLast()).parameters["sum"]
            }
            #expect(try add(2, 3) == 5)
            #expect(seenWhileRunning.withLock { $0 } > 0)
            // Taken once, not answered twice: the next call gets its own answer.
            #expect(try add(10, 1) == 11)
        }
    }
}
