import Foundation
import Testing
import Varlink

/// The server on a real Unix socket, driven byte by byte where the protocol has edge cases.
@Suite struct VarlinkServerProtocolTests {
    /// Parses a reply frame for comparison.
    private func reply(_ frame: String?) throws -> VarlinkReplyMessage {
        try VarlinkReplyMessage(parsing: Array(try #require(frame).utf8))
    }

    @Test func aCallSentByteByByteIsAnswered() async throws {
        try await TestServer.with { server in
            let connection = try await RawConnection.connect(to: server.socketPath)
            try await withTearDown({ await connection.close() }) {
                for byte in Array(#"{"method":"io.finetuned.test.Echo","parameters":{"text":"slow"}}"#.utf8)
                    + [0]
                {
                    try await connection.send(bytes: [byte])
                }
                #expect(try reply(await connection.frames.first()).parameters == ["text": "slow"])
            }
        }
    }

    @Test func pipelinedCallsInOneWriteAreAnsweredInOrder() async throws {
        try await TestServer.with { server in
            let connection = try await RawConnection.connect(to: server.socketPath)
            try await withTearDown({ await connection.close() }) {
                var batch = ""
                for index in 0..<50 {
                    batch +=
                        #"{"method":"io.finetuned.test.Add","parameters":{"a":\#(index),"b":1000}}"# + "\u{0}"
                }
                try await connection.send(batch)
                var sums: [JSONValue] = []
                for await frame in connection.frames {
                    sums.append(try reply(frame).parameters["sum"] ?? .null)
                    if sums.count == 50 { break }
                }
                #expect(sums == (0..<50).map { .integer(Int64($0 + 1000)) })
            }
        }
    }

    @Test func standardErrorsForUnknownInterfaceMethodAndBadParameters() async throws {
        try await TestServer.with { server in
            let client = try await VarlinkClient.connect(to: server.socketPath)
            try await withTearDown({ await client.close() }) {
                await #expect(throws: VarlinkError.interfaceNotFound("org.nowhere")) {
                    try await client.call("org.nowhere.Thing")
                }
                await #expect(throws: VarlinkError.methodNotFound("io.finetuned.test.Nope")) {
                    try await client.call("io.finetuned.test.Nope")
                }
                await #expect(throws: VarlinkError.methodNotImplemented("io.finetuned.test.Unimplemented")) {
                    try await client.call("io.finetuned.test.Unimplemented")
                }
                await #expect(throws: VarlinkError.invalidParameter("b")) {
                    try await client.call("io.finetuned.test.Add", parameters: ["a": 1, "b": "two"])
                }
                await #expect(throws: VarlinkError.invalidParameter("point")) {
                    try await client.call(
                        "io.finetuned.test.Describe", parameters: ["point": ["x": 1, "y": 1.5]])
                }
                await #expect(throws: VarlinkError.invalidParameter("color")) {
                    try await client.call(
                        "io.finetuned.test.Describe", parameters: ["point": ["x": 1, "y": 1], "color": "mauve"])
                }
                await #expect(throws: VarlinkError.expectedMore) {
                    try await client.call("io.finetuned.test.Count", parameters: ["to": 2])
                }
                // The connection is still good after all those errors.
                let sum = try await client.call("io.finetuned.test.Add", parameters: ["a": 1, "b": 2])
                #expect(sum == ["sum": 3])
            }
        }
    }

    @Test func handlerErrorsGoBackAsTheyAreAndForeignErrorsAsInternalError() async throws {
        try await TestServer.with { server in
            let client = try await VarlinkClient.connect(to: server.socketPath)
            try await withTearDown({ await client.close() }) {
                await #expect(
                    throws: VarlinkError(name: "io.finetuned.test.Failure", parameters: ["reason": "asked to"])
                ) {
                    try await client.call("io.finetuned.test.Fail", parameters: ["kind": "failure"])
                }
                await #expect(throws: VarlinkError(name: "io.finetuned.Service.InternalError")) {
                    try await client.call("io.finetuned.test.Fail", parameters: ["kind": "other"])
                }
            }
        }
    }

    @Test(arguments: [
        "not json", "", "[1,2]", #"{"parameters":{}}"#, #"{"method":"NoDots"}"#,
        #"{"method":"a.b.C","parameters":[1]}"#,
    ])
    func aMessageThatIsNotACallClosesTheConnectionWithoutAReply(message: String) async throws {
        try await TestServer.with { server in
            let connection = try await RawConnection.connect(to: server.socketPath)
            try await withTearDown({ await connection.close() }) {
                // A valid call before the broken one is still answered; nothing after it is.
                try await connection.send(
                    #"{"method":"io.finetuned.test.Echo","parameters":{"text":"before"}}"# + "\u{0}" + message
                        + "\u{0}"
                        + #"{"method":"io.finetuned.test.Echo","parameters":{"text":"after"}}"# + "\u{0}")
                let frames = await connection.collectUntilClosed()
                #expect(frames.count == 1)
                #expect(try reply(frames.first).parameters == ["text": "before"])
                // Other clients are unaffected.
                let client = try await VarlinkClient.connect(to: server.socketPath)
                #expect(
                    try await client.call("io.finetuned.test.Echo", parameters: ["text": "fine"]) == [
                        "text": "fine"
                    ])
                await client.close()
            }
        }
    }

    @Test func anOversizeMessageIsAnsweredWithAnErrorAfterEarlierCallsThenTheConnectionCloses()
        async throws
    {
        try await TestServer.with(configure: { $0.maximumMessageSize = 1000 }) { server in
            let connection = try await RawConnection.connect(to: server.socketPath)
            try await withTearDown({ await connection.close() }) {
                let big = String(repeating: "y", count: 5000)
                try await connection.send(
                    #"{"method":"io.finetuned.test.Echo","parameters":{"text":"first"}}"# + "\u{0}"
                        + #"{"method":"io.finetuned.test.Echo","parameters":{"text":"\#(big)"}}"# + "\u{0}")
                let frames = await connection.collectUntilClosed()
                #expect(frames.count == 2)
                #expect(try reply(frames.first).parameters == ["text": "first"])
                let error = try reply(frames.last)
                #expect(error.error == "io.finetuned.Service.MessageTooLarge")
                #expect(error.parameters["maximum_size"] == 1000)
            }
        }
    }

    @Test func moreStreamsRepliesWithContinuesOnAllButTheLast() async throws {
        try await TestServer.with { server in
            let connection = try await RawConnection.connect(to: server.socketPath)
            try await withTearDown({ await connection.close() }) {
                try await connection.send(
                    #"{"method":"io.finetuned.test.Count","parameters":{"to":4},"more":true}"# + "\u{0}"
                        + #"{"method":"io.finetuned.test.Echo","parameters":{"text":"next"}}"# + "\u{0}")
                var replies: [VarlinkReplyMessage] = []
                for await frame in connection.frames {
                    replies.append(try reply(frame))
                    if replies.count == 5 { break }
                }
                #expect(
                    replies.map(\.parameters) == [
                        ["value": 1], ["value": 2], ["value": 3], ["value": 4], ["text": "next"],
                    ])
                #expect(replies.map(\.continues) == [true, true, true, false, false])
            }
        }
    }

    @Test func onewayCallsRunAndGetNoReply() async throws {
        try await TestServer.with { server in
            let client = try await VarlinkClient.connect(to: server.socketPath)
            try await withTearDown({ await client.close() }) {
                try await client.oneway("io.finetuned.test.Remember", parameters: ["value": "a"])
                try await client.oneway("io.finetuned.test.Remember", parameters: ["value": "b"])
                // Even an invalid oneway call is silent.
                try await client.oneway("io.finetuned.test.Remember", parameters: ["value": 3])
                // Replies are matched in order, so this reply proves no reply came for the oneways.
                #expect(try await client.call("io.finetuned.test.Recall") == ["values": ["a", "b"]])
            }
        }
    }

    @Test func endOfInputStillGetsTheAnswersToEarlierCalls() async throws {
        try await TestServer.with { server in
            let connection = try await RawConnection.connect(to: server.socketPath)
            try await connection.send(
                #"{"method":"io.finetuned.test.Add","parameters":{"a":1,"b":1}}"# + "\u{0}"
                    + #"{"method":"io.finetuned.test.Add","parameters":{"a":2,"b":2}}"# + "\u{0}")
            try await connection.shutdownOutput()
            let frames = await connection.collectUntilClosed()
            #expect(try frames.map { try reply($0).parameters } == [["sum": 2], ["sum": 4]])
            await connection.close()
        }
    }

    @Test func aClientThatClosesItsSocketHasItsRunningCallCancelled() async throws {
        try await TestServer.with { server in
            let connection = try await RawConnection.connect(to: server.socketPath)
            try await connection.send(#"{"method":"io.finetuned.test.AwaitCancellation","parameters":{}}"# + "\u{0}")
            for await _ in server.probe.cancellationAwaited { break }
            await connection.close()
            // Bounded: without the cancellation the call would wait for an hour.
            let arrived = server.probe.cancellationArrived
            let ended = try await withThrowingTaskGroup(of: String.self) { group in
                group.addTask {
                    for await _ in arrived { return "cancelled" }
                    return "probe ended"
                }
                group.addTask {
                    try await Task.sleep(for: .seconds(10))
                    return "still running after 10 s"
                }
                defer { group.cancelAll() }
                return try await group.next() ?? "nothing"
            }
            #expect(ended == "cancelled")
        }
    }

    @Test func serviceInterfaceDescribesTheServer() async throws {
        try await TestServer.with { server in
            let client = try await VarlinkClient.connect(to: server.socketPath)
            try await withTearDown({ await client.close() }) {
                let info = try await client.call("org.varlink.service.GetInfo")
                #expect(info["interfaces"] == ["io.finetuned.test", "org.varlink.service"])
                #expect(info["vendor"] == "finetuned tests")
                #expect(info["product"] == "VarlinkTests")
                let description = try await client.call(
                    "org.varlink.service.GetInterfaceDescription",
                    parameters: ["interface": "io.finetuned.test"])
                #expect(description["description"]?.stringValue == TestInterface.descriptionText)
                let own = try await client.call(
                    "org.varlink.service.GetInterfaceDescription",
                    parameters: ["interface": "org.varlink.service"])
                #expect(
                    try VarlinkInterfaceDefinition(parsing: own["description"]?.stringValue ?? "").name
                        == "org.varlink.service")
                await #expect(throws: VarlinkError.interfaceNotFound("org.nowhere")) {
                    try await client.call(
                        "org.varlink.service.GetInterfaceDescription", parameters: ["interface": "org.nowhere"])
                }
            }
        }
    }

    @Test(arguments: ["field", "error", "error-parameters"])
    func repliesThatDriftFromTheDescriptionBecomeInternalErrors(kind: String) async throws {
        try await TestServer.with { server in
            let client = try await VarlinkClient.connect(to: server.socketPath)
            await #expect(throws: VarlinkError(name: "io.finetuned.Service.InternalError")) {
                try await client.call("io.finetuned.test.Drift", parameters: ["kind": .string(kind)])
            }
            await client.close()
        }
        // Without the check, the reply goes out as the handler made it.
        try await TestServer.with(configure: { $0.validatesReplies = false }) { server in
            let client = try await VarlinkClient.connect(to: server.socketPath)
            let sent: Result<[String: JSONValue], any Error>
            do {
                sent = .success(try await client.call("io.finetuned.test.Drift", parameters: ["kind": .string(kind)]))
            } catch {
                sent = .failure(error)
            }
            switch kind {
            case "field": #expect(try sent.get() == ["value": "not a number"])
            case "error": #expect(throws: VarlinkError(name: "io.finetuned.test.Undeclared")) { try sent.get() }
            default:
                #expect(throws: VarlinkError(name: "io.finetuned.test.Failure", parameters: ["reason": 42])) {
                    try sent.get()
                }
            }
            await client.close()
        }
    }
}
