import NIOCore
import NIOHTTP1
import NIOPosix

/// A closed-loop HTTP/1.1 load generator: `connections` keep-alive connections, each sending its
/// next request as soon as the previous answer is complete, for `duration`. Minimal on purpose, so
/// the figures measure the server, not the client.
enum HTTPLoad {
    struct Result {
        var requests: Int
        var seconds: Double
        var latencies: [Double]

        var perSecond: Double { Double(requests) / seconds }
        func percentile(_ p: Double) -> Double {
            let sorted = latencies.sorted()
            guard !sorted.isEmpty else { return 0 }
            return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
        }
        var summary: String {
            String(
                format: "%8.0f req/s   p50 %6.3f ms   p99 %6.3f ms   (%d requests)",
                perSecond, percentile(0.5) * 1000, percentile(0.99) * 1000, requests)
        }
    }

    static func run(
        host: String, port: Int, paths: [String], connections: Int, duration: Duration,
        headers: [(String, String)] = []
    ) async throws -> Result {
        let deadline = ContinuousClock.now + duration
        let started = ContinuousClock.now
        let perConnection = try await withThrowingTaskGroup(of: [Double].self) { group in
            for index in 0..<connections {
                group.addTask {
                    try await connectionLoop(
                        host: host, port: port, paths: paths, offset: index,
                        deadline: deadline, headers: headers)
                }
            }
            var all: [[Double]] = []
            for try await latencies in group { all.append(latencies) }
            return all
        }
        let seconds = (ContinuousClock.now - started).seconds
        let latencies = perConnection.flatMap { $0 }
        return Result(requests: latencies.count, seconds: seconds, latencies: latencies)
    }

    private static func connectionLoop(
        host: String, port: Int, paths: [String], offset: Int,
        deadline: ContinuousClock.Instant, headers: [(String, String)]
    )
        async throws -> [Double]
    {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(
                        wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var latencies: [Double] = []
            var iterator = inbound.makeAsyncIterator()
            var index = offset
            while ContinuousClock.now < deadline {
                var head = HTTPRequestHead(version: .http1_1, method: .GET, uri: paths[index % paths.count])
                index += 1
                head.headers.add(name: "host", value: host)
                for (name, value) in headers { head.headers.add(name: name, value: value) }
                let sent = ContinuousClock.now
                try await outbound.write(.head(head))
                try await outbound.write(.end(nil))
                var status = 0
                loop: while let part = try await iterator.next() {
                    switch part {
                    case .head(let head): status = Int(head.status.code)
                    case .body: break
                    case .end: break loop
                    }
                }
                precondition(status == 200, "unexpected status \(status)")
                latencies.append((ContinuousClock.now - sent).seconds)
            }
            return latencies
        }
    }
}

extension Duration {
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
