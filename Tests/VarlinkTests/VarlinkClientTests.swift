import Foundation
import Testing
import Varlink

@Suite struct VarlinkClientTests {
    struct AddParameters: Encodable {
        var a: Int
        var b: Int
    }
    struct Sum: Decodable, Equatable { var sum: Int }

    @Test func typedCallsEncodeAndDecodeCodableValues() async throws {
        try await TestServer.with { server in
            let client = try await VarlinkClient.connect(to: server.socketPath)
            let sum = try await client.call(
                "io.finetuned.test.Add", AddParameters(a: 2, b: 3), returning: Sum.self)
            #expect(sum == Sum(sum: 5))
            await client.close()
        }
    }

    @Test func concurrentCallsOnOneClientEachGetTheirOwnReply() async throws {
        try await TestServer.with { server in
            let client = try await VarlinkClient.connect(to: server.socketPath)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<100 {
                    group.addTask {
                        let reply = try await client.call(
                            "io.finetuned.test.Add", parameters: ["a": .integer(Int64(index)), "b": 1])
                        #expect(reply == ["sum": .integer(Int64(index + 1))])
                    }
                }
                try await group.waitForAll()
            }
            await client.close()
        }
    }

    @Test func aStreamEndsWithTheErrorReply() async throws {
        try await TestServer.with { server in
            let client = try await VarlinkClient.connect(to: server.socketPath)
            var received = 0
            await #expect(throws: VarlinkError.invalidParameter("to")) {
                for try await _ in client.callMore("io.finetuned.test.Count", parameters: ["to": "three"]) {
                    received += 1
                }
            }
            #expect(received == 0)
            // A single-reply method called with `more` answers once, without `continues`.
            var echoes: [[String: JSONValue]] = []
            for try await reply in client.callMore("io.finetuned.test.Echo", parameters: ["text": "once"]) {
                echoes.append(reply)
            }
            #expect(echoes == [["text": "once"]])
            await client.close()
        }
    }

    @Test func callsWaitingWhenTheServerGoesAwayFail() async throws {
        let result: Result<[String: JSONValue], any Error> = try await TestServer.with { server in
            let client = try await VarlinkClient.connect(to: server.socketPath)
            let pending = Task { try await client.call("io.finetuned.test.Block") }
            await server.probe.blockStarted.first()
            await server.server.shutdown()
            return await pending.result
        }
        #expect(throws: VarlinkProtocolError.connectionClosed) { try result.get() }
    }

    @Test func connectingToNothingFails() async throws {
        await #expect(throws: (any Error).self) {
            try await VarlinkClient.connect(to: "/tmp/vl-does-not-exist/control")
        }
    }
}
