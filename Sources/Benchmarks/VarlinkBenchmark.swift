// Varlink latency and throughput over a Unix socket, beside the floor measured in the same run:
// a raw NUL-framed echo over a Unix socket (same process, same NIO event loops, no JSON).
//
// `ControlSocketBenchmark` starts the real daemon (its control socket, a JobStore with 100,000
// jobs) and calls, for one connection and for N concurrent ones:
//
//     let floor = try await VarlinkBenchmark.echoFloor(message: getCall, roundTrips: 20_000)
//     let get = try await VarlinkBenchmark.requestLoop(socketPath: path, message: getCall, roundTrips: 20_000)
//
// The floor and the measured loop use the same blocking client (plain POSIX socket on its own
// thread, one request in flight per connection), so the difference between them is the
// server's Varlink cost: parsing, validation, dispatch to a task, the handler, encoding.
// (Adapted from the Varlink engineer's VarlinkBench helper.)

import Foundation
import NIOCore
import Synchronization
import NIOPosix
import Varlink

#if canImport(Glibc)
    import Glibc
#endif

/// Latency percentiles and rate of one measured loop.
struct LatencySummary: Sendable {
    var name: String
    var count: Int
    var p50: Duration
    var p99: Duration
    var mean: Duration
    var requestsPerSecond: Double

    init(name: String, samples: [UInt64], elapsedNanoseconds: UInt64) {
        let sorted = samples.sorted()
        self.name = name
        self.count = sorted.count
        self.p50 = .nanoseconds(Int64(sorted[sorted.count / 2]))
        self.p99 = .nanoseconds(Int64(sorted[min(sorted.count - 1, sorted.count * 99 / 100)]))
        self.mean = .nanoseconds(Int64(sorted.reduce(0, +) / UInt64(sorted.count)))
        self.requestsPerSecond = Double(sorted.count) / (Double(elapsedNanoseconds) / 1e9)
    }

    var row: String {
        func micros(_ duration: Duration) -> String {
            let (seconds, attoseconds) = duration.components
            return String(format: "%8.1f µs", Double(seconds) * 1e6 + Double(attoseconds) / 1e12)
        }
        return
            "\(name.padding(toLength: 44, withPad: " ", startingAt: 0)) n=\(count)  p50 \(micros(p50))  p99 \(micros(p99))  mean \(micros(mean))  \(String(format: "%9.0f", requestsPerSecond)) req/s"
    }
}

enum VarlinkBenchmark {
    /// The floor: a NIO server that echoes each NUL-terminated frame back, driven by the same
    /// blocking client as ``requestLoop``, with `message` as the payload.
    static func echoFloor(message: VarlinkCallMessage, roundTrips: Int) async throws -> LatencySummary {
        try await withEchoServer { path in
            try await requestLoop(
                name: "floor: raw NUL echo (same bytes)", socketPath: path, message: message, roundTrips: roundTrips)
        }
    }

    /// The floor with `connections` concurrent blocking clients.
    static func echoFloor(
        message: VarlinkCallMessage, connections: Int, roundTripsPerConnection: Int
    ) async throws
        -> LatencySummary
    {
        try await withEchoServer { path in
            try await concurrentLoop(
                name: "floor: raw NUL echo ×\(connections)", socketPath: path, message: message,
                connections: connections, roundTripsPerConnection: roundTripsPerConnection)
        }
    }

    /// Runs `body` with the path of a NIO server that echoes each NUL-terminated frame back.
    private static func withEchoServer<T: Sendable>(_ body: (String) async throws -> T) async throws -> T {
        let directory = "/tmp/vlbench-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/echo"
        unlink(path)
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(NULFrameDecoder(maximumMessageSize: 1 << 20)))
                    try channel.pipeline.syncOperations.addHandler(EchoHandler())
                }
            }
            .bind(unixDomainSocketPath: path).get()
        do {
            let result = try await body(path)
            try await server.close()
            return result
        } catch {
            try? await server.close()
            throw error
        }
    }

    /// `connections` blocking clients, each on its own thread and connection, each sending
    /// `message` `roundTripsPerConnection` times one at a time (after a warm-up of 1%, at least 100).
    static func concurrentLoop(
        name: String, socketPath: String, message: VarlinkCallMessage, connections: Int, roundTripsPerConnection: Int
    ) async throws -> LatencySummary {
        var bytes = Array(try message.encoded())
        bytes.append(0)
        let frame = bytes
        let clients = try (0..<connections).map { _ in try BlockingSocketClient(path: socketPath) }
        let warmUp = max(100, roundTripsPerConnection / 100)
        let gate = StartGate()
        let results = try await withThrowingTaskGroup(of: [UInt64].self) { group in
            for client in clients {
                let box = ClientBox(client: client)
                group.addTask {
                    try await onOwnThread {
                        let client = box.client
                        defer { client.close() }
                        for _ in 0..<warmUp { try client.roundTrip(frame) }
                        // Everyone starts the measured part together.
                        if gate.ready.add(1, ordering: .acquiringAndReleasing).newValue == connections {
                            gate.start.store(DispatchTime.now().uptimeNanoseconds, ordering: .releasing)
                        }
                        while gate.start.load(ordering: .acquiring) == 0 { usleep(50) }
                        var samples = [UInt64]()
                        samples.reserveCapacity(roundTripsPerConnection)
                        for _ in 0..<roundTripsPerConnection {
                            let before = DispatchTime.now().uptimeNanoseconds
                            try client.roundTrip(frame)
                            samples.append(DispatchTime.now().uptimeNanoseconds - before)
                        }
                        return samples
                    }
                }
            }
            return try await group.reduce(into: [UInt64]()) { $0 += $1 }
        }
        let elapsed = DispatchTime.now().uptimeNanoseconds - gate.start.load(ordering: .acquiring)
        return LatencySummary(name: name, samples: results, elapsedNanoseconds: elapsed)
    }

    /// Sends `message` `roundTrips` times on one connection, one at a time, and times each reply.
    /// The first 1% (at least 100) are warm-up and not counted.
    static func requestLoop(
        name: String? = nil, socketPath: String, message: VarlinkCallMessage, roundTrips: Int
    ) async throws -> LatencySummary {
        var bytes = Array(try message.encoded())
        bytes.append(0)
        let frame = bytes
        let label = name ?? "varlink \(message.method)"
        return try await onOwnThread {
            let client = try BlockingSocketClient(path: socketPath)
            defer { client.close() }
            let warmUp = max(100, roundTrips / 100)
            for _ in 0..<warmUp { try client.roundTrip(frame) }
            var samples = [UInt64]()
            samples.reserveCapacity(roundTrips)
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<roundTrips {
                let before = DispatchTime.now().uptimeNanoseconds
                try client.roundTrip(frame)
                samples.append(DispatchTime.now().uptimeNanoseconds - before)
            }
            return LatencySummary(
                name: label, samples: samples, elapsedNanoseconds: DispatchTime.now().uptimeNanoseconds - start)
        }
    }

    /// Throughput with `connections` concurrent ``VarlinkClient``s, each making `callsPerConnection`
    /// calls one after another (the finetunectl path: NIO client, async/await).
    static func clientLoop(
        socketPath: String, method: String, parameters: [String: JSONValue], connections: Int, callsPerConnection: Int
    ) async throws -> LatencySummary {
        let clients = try await withThrowingTaskGroup(of: VarlinkClient.self) { group in
            for _ in 0..<connections { group.addTask { try await VarlinkClient.connect(to: socketPath) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        for client in clients { _ = try await client.call(method, parameters: parameters) }
        let start = DispatchTime.now().uptimeNanoseconds
        let samples = try await withThrowingTaskGroup(of: [UInt64].self) { group in
            for client in clients {
                group.addTask {
                    var own = [UInt64]()
                    own.reserveCapacity(callsPerConnection)
                    for _ in 0..<callsPerConnection {
                        let before = DispatchTime.now().uptimeNanoseconds
                        _ = try await client.call(method, parameters: parameters)
                        own.append(DispatchTime.now().uptimeNanoseconds - before)
                    }
                    return own
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        let elapsed = DispatchTime.now().uptimeNanoseconds - start
        for client in clients { await client.close() }
        return LatencySummary(
            name: "VarlinkClient ×\(connections) \(method)", samples: samples, elapsedNanoseconds: elapsed)
    }

    private static func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }
}

/// Echoes each frame back with its NUL.
private final class EchoHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var frame = unwrapInboundIn(data)
        frame.writeInteger(UInt8(0))
        context.writeAndFlush(wrapOutboundOut(frame), promise: nil)
    }
}

/// Lets concurrent clients start their measured loops together, once all have warmed up.
private final class StartGate: Sendable {
    let ready = Atomic<Int>(0)
    let start = Atomic<UInt64>(0)
}

/// Hands one blocking client to the one thread that uses it from then on.
private struct ClientBox: @unchecked Sendable {
    // Safe: each box is created for exactly one task, whose one thread is the only user.
    let client: BlockingSocketClient
}

/// A plain blocking Unix-socket client: write a frame, read up to the reply's NUL.
private final class BlockingSocketClient {
    private let fd: Int32
    private var buffer = [UInt8](repeating: 0, count: 1 << 16)

    struct Failure: Error {
        var what: String
        var code: Int32
    }

    init(path: String) throws {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(what: "socket", code: errno) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: path.utf8) }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else { throw Failure(what: "connect", code: errno) }
    }

    func roundTrip(_ frame: [UInt8]) throws {
        var sent = 0
        while sent < frame.count {
            let n = frame.withUnsafeBytes { write(fd, $0.baseAddress! + sent, frame.count - sent) }
            guard n > 0 else { throw Failure(what: "write", code: errno) }
            sent += n
        }
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            guard n > 0 else { throw Failure(what: "read", code: n == 0 ? 0 : errno) }
            if buffer[n - 1] == 0 { return }  // one request in flight: the reply ends the read
        }
    }

    func close() { _ = Glibc.close(fd) }
}
