import Foundation
import Testing
import Varlink

/// The limits that keep one client from hurting the others.
@Suite struct VarlinkServerLimitsTests {
    @Test func aClientThatStopsReadingIsClosedWhileOthersAreServed() async throws {
        try await TestServer.with(configure: {
            $0.slowClientTimeout = .milliseconds(300)
            $0.outboundHighWatermark = 64 * 1024
            $0.outboundLowWatermark = 16 * 1024
        }) { server in
            let stuck = try await RawConnection.connect(to: server.socketPath, reading: false)
            try await withTearDown({ await stuck.close() }) {
                try await stuck.send(
                    #"{"method":"io.finetuned.test.Flood","parameters":{"size":65536},"more":true}"# + "\u{0}")

                // While the flood is stuck on the client that does not read, others are served.
                let client = try await VarlinkClient.connect(to: server.socketPath)
                for index in 0..<20 {
                    #expect(
                        try await client.call(
                            "io.finetuned.test.Add", parameters: ["a": .integer(Int64(index)), "b": 1])
                            == ["sum": .integer(Int64(index + 1))])
                }
                // The server gives up on the stuck client: its stream's send fails.
                let reason = await server.probe.floodEnded.first()
                #expect(reason?.contains("connectionClosed") == true)
                #expect(
                    try await client.call("io.finetuned.test.Echo", parameters: ["text": "still here"]) == [
                        "text": "still here"
                    ])
                await client.close()
            }
        }
    }

    // Idle timeouts in these tests are far above scheduling noise: on a loaded 2-core machine a
    // client's first call can come more than 300 ms after its connect, and the server would
    // rightly close the connection first.
    @Test(.timeLimit(.minutes(1))) func anIdleConnectionIsClosed() async throws {
        try await TestServer.with(configure: { $0.idleTimeout = .seconds(2) }) { server in
            let connection = try await RawConnection.connect(to: server.socketPath)
            try await connection.send(
                #"{"method":"io.finetuned.test.Echo","parameters":{"text":"hi"}}"# + "\u{0}")
            // The reply arrives, then (with no further call) the server closes the connection.
            let frames = await connection.collectUntilClosed()
            #expect(frames.count == 1)
            await connection.close()
        }
    }

    @Test(.timeLimit(.minutes(1))) func aLongCallIsNotCutByTheIdleTimeout() async throws {
        try await TestServer.with(configure: { $0.idleTimeout = .seconds(2) }) { server in
            let client = try await VarlinkClient.connect(to: server.socketPath)
            async let blocked = client.call("io.finetuned.test.Block")
            await server.probe.blockStarted.first()
            // Wait well past the idle timeout, measured by an event on another connection's
            // idle close, then let the call finish.
            let other = try await RawConnection.connect(to: server.socketPath)
            _ = await other.collectUntilClosed()
            server.probe.releaseBlocks()
            #expect(try await blocked == [:])
            await client.close()
        }
    }

    @Test func aBlockedCallDoesNotDelayOtherConnections() async throws {
        try await TestServer.with { server in
            let first = try await VarlinkClient.connect(to: server.socketPath)
            async let blocked = first.call("io.finetuned.test.Block")
            await server.probe.blockStarted.first()
            let second = try await VarlinkClient.connect(to: server.socketPath)
            #expect(
                try await second.call("io.finetuned.test.Echo", parameters: ["text": "x"]) == ["text": "x"])
            server.probe.releaseBlocks()
            #expect(try await blocked == [:])
            await first.close()
            await second.close()
        }
    }

    static let caps: [(total: Int, perUser: Int)] = [(2, 100), (100, 2)]

    @Test(arguments: caps)
    func connectionsOverTheCapGetAnErrorAndAreClosed(total: Int, perUser: Int) async throws {
        try await TestServer.with(configure: {
            $0.maximumConnections = total
            $0.maximumConnectionsPerUser = perUser
        }) { server in
            let first = try await VarlinkClient.connect(to: server.socketPath)
            let second = try await VarlinkClient.connect(to: server.socketPath)
            // A call on each proves both were admitted.
            _ = try await first.call("io.finetuned.test.Recall")
            _ = try await second.call("io.finetuned.test.Recall")
            let third = try await RawConnection.connect(to: server.socketPath)
            let frames = await third.collectUntilClosed()
            #expect(frames.count == 1)
            let refusal = try VarlinkReplyMessage(parsing: Array((frames.first ?? "").utf8))
            #expect(refusal.error == "io.finetuned.Service.TooManyConnections")
            await third.close()
            // Closing one makes room again.
            await first.close()
            var admitted = false
            for _ in 0..<100 where !admitted {
                let retry = try await VarlinkClient.connect(to: server.socketPath)
                admitted = (try? await retry.call("io.finetuned.test.Recall")) != nil
                await retry.close()
                if !admitted { await Task.yield() }
            }
            #expect(admitted)
            await second.close()
        }
    }

    @Test func threeHundredConcurrentConnectionsAreAllServed() async throws {
        // All from this process's user, so the per-user cap is raised with the total.
        try await TestServer.with(configure: { $0.maximumConnectionsPerUser = 1000 }) { server in
            let count = 300
            let clients = try await withThrowingTaskGroup(of: VarlinkClient.self) { group in
                for _ in 0..<count {
                    group.addTask { try await VarlinkClient.connect(to: server.socketPath) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let answers = try await withThrowingTaskGroup(of: Bool.self) { group in
                for (index, client) in clients.enumerated() {
                    group.addTask {
                        let text = JSONValue.string("client \(index)")
                        let first = try await client.call("io.finetuned.test.Echo", parameters: ["text": text])
                        var streamed: [JSONValue] = []
                        for try await reply in client.callMore("io.finetuned.test.Count", parameters: ["to": 3]) {
                            streamed.append(reply["value"] ?? .null)
                        }
                        return first == ["text": text] && streamed == [1, 2, 3]
                    }
                }
                return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
            }
            #expect(answers == count)
            // Every client has been answered, so every connection was accepted; all are still open.
            #expect(server.server.connectionCount == count)
            for client in clients { await client.close() }
        }
    }
}
