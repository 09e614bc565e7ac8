import Foundation
import Testing
import Varlink

/// Methods registered with `handleImmediately` (the test interface's Add, Fail, Drift) answer on
/// the connection's event loop without a task, yet keep every rule of the protocol: one call at
/// a time per connection, replies in order, `oneway` silent, `more` answered once.
@Suite struct VarlinkImmediateHandlerTests {
    private func reply(_ frame: String?) throws -> VarlinkReplyMessage {
        try VarlinkReplyMessage(parsing: Array(try #require(frame).utf8))
    }

    @Test func immediateAndTaskCallsPipelinedInOneWriteAreAnsweredInOrder() async throws {
        try await TestServer.with { server in
            // Closed at the end; if the test fails first, the server's shutdown closes it.
            let connection = try await RawConnection.connect(to: server.socketPath)
            var batch = ""
            for index in 0..<40 {
                batch +=
                    index.isMultiple(of: 2)
                    ? #"{"method":"io.finetuned.test.Add","parameters":{"a":\#(index),"b":0}}"# + "\u{0}"
                    : #"{"method":"io.finetuned.test.Echo","parameters":{"text":"\#(index)"}}"# + "\u{0}"
            }
            try await connection.send(batch)
            var answers: [JSONValue] = []
            for await frame in connection.frames {
                let parameters = try reply(frame).parameters
                answers.append(parameters["sum"] ?? parameters["text"] ?? .null)
                if answers.count == 40 { break }
            }
            #expect(answers == (0..<40).map { $0.isMultiple(of: 2) ? .integer(Int64($0)) : .string("\($0)") })
            await connection.close()
        }
    }

    @Test func anImmediateCallWaitsForTheRunningCallOfItsConnection() async throws {
        try await TestServer.with { server in
            // Closed at the end; if the test fails first, the server's shutdown closes it.
            let connection = try await RawConnection.connect(to: server.socketPath)
            var started = server.probe.blockStarted.makeAsyncIterator()
            try await connection.send(
                #"{"method":"io.finetuned.test.Block"}"# + "\u{0}"
                    + #"{"method":"io.finetuned.test.Add","parameters":{"a":1,"b":2}}"# + "\u{0}")
            _ = await started.next()
            // Another connection is served meanwhile, on whichever loop it got.
            let other = try await VarlinkClient.connect(to: server.socketPath)
            #expect(try await other.call("io.finetuned.test.Add", parameters: ["a": 2, "b": 2]) == ["sum": 4])
            await other.close()
            server.probe.releaseBlocks()
            var frames = connection.frames.makeAsyncIterator()
            #expect(try reply(await frames.next()).parameters == [:])
            #expect(try reply(await frames.next()).parameters == ["sum": 3])
            await connection.close()
        }
    }

    @Test func onewayImmediateCallsGetNoReplyAndMoreGetsOneFinalReply() async throws {
        try await TestServer.with { server in
            // Closed at the end; if the test fails first, the server's shutdown closes it.
            let connection = try await RawConnection.connect(to: server.socketPath)
            try await connection.send(
                #"{"method":"io.finetuned.test.Add","parameters":{"a":1,"b":1},"oneway":true}"# + "\u{0}"
                    + #"{"method":"io.finetuned.test.Fail","parameters":{"kind":"failure"},"oneway":true}"# + "\u{0}"
                    + #"{"method":"io.finetuned.test.Add","parameters":{"a":5,"b":5},"more":true}"# + "\u{0}")
            let answer = try reply(await connection.frames.first())
            #expect(answer.parameters == ["sum": 10])
            #expect(answer.continues == false)
            #expect(answer.error == nil)
            await connection.close()
        }
    }
}
