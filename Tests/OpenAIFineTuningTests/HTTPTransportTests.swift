import NIOCore
import Testing

@testable import OpenAIFineTuning

/// The HTTP client against a server that breaks the exchange on purpose: what the caller sees.
@Suite struct HTTPTransportTests {
    let transport = HTTPTransport(configuration: .init(connectTimeout: .seconds(2)))

    func get(
        _ server: ScriptedHTTPServer, _ path: String = "/x", timeout: Duration = .seconds(5), limit: Int = 1 << 20
    ) async throws -> HTTPResponse {
        try await transport.execute(
            HTTPRequest(method: .GET, url: server.url + path), timeout: timeout, maxBodyBytes: limit)
    }

    /// The kind of error `body` throws, or nil when it succeeds.
    func failure(_ body: () async throws -> HTTPResponse) async -> HTTPTransportError.Kind? {
        do {
            _ = try await body()
            return nil
        } catch {
            return (error as? HTTPTransportError)?.kind
        }
    }

    @Test func keptAliveConnectionsAreReused() async throws {
        try await ScriptedHTTPServer.with({ _ in [.answer(body: "{\"ok\":true}")] }) { server in
            for _ in 0..<3 {
                let response = try await get(server)
                #expect(response.status.code == 200)
                #expect(String(buffer: response.body) == "{\"ok\":true}")
            }
            #expect(server.connectionsAccepted == 1)
            transport.shutdown()
        }
    }

    @Test func aConnectionTheServerClosedAfterAnsweringIsReplacedNotFailed() async throws {
        // The server answers and closes at once, as a server ending an idle keep-alive does.
        try await ScriptedHTTPServer.with({ _ in [.answer(body: "{}"), .close] }) { server in
            for _ in 0..<3 {
                let response = try await get(server)
                #expect(response.status.code == 200)
            }
            #expect(server.requests.count == 3)
            #expect(server.connectionsAccepted == 3)
            transport.shutdown()
        }
    }

    @Test func anIdempotentRequestThatMeetsAClosedKeptAliveConnectionIsResentOnAFreshOne() async throws {
        // The second request on a connection arrives to a server that closes without answering:
        // the client sees its reused connection close before any answer byte.
        try await ScriptedHTTPServer.with({ request in
            request.indexOnConnection == 0 ? [.answer(body: "{}")] : [.close]
        }) { server in
            let answer1 = try await get(server)
            #expect(answer1.status.code == 200)
            let answer2 = try await get(server)
            #expect(answer2.status.code == 200)
            #expect(server.connectionsAccepted == 2)
            #expect(server.requests.map(\.connection) == [0, 0, 1])
            transport.shutdown()
        }
    }

    @Test func aCreateThatMeetsAClosedKeptAliveConnectionIsNotResent() async throws {
        try await ScriptedHTTPServer.with({ request in
            request.indexOnConnection == 0 ? [.answer(body: "{}")] : [.close]
        }) { server in
            let answer3 = try await get(server)
            #expect(answer3.status.code == 200)
            let create = HTTPRequest(
                method: .POST, url: server.url + "/jobs", body: .bytes(ByteBuffer(string: "{}")), idempotent: false)
            let kind = await failure {
                try await transport.execute(create, timeout: .seconds(5), maxBodyBytes: 1024)
            }
            #expect(kind == .connectionLost)
            #expect(server.requests.count == 2)
            transport.shutdown()
        }
    }

    @Test func aResetInTheMiddleOfTheBodyIsALostConnection() async throws {
        try await ScriptedHTTPServer.with({ _ in
            [
                .send("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n{\"data\":[1,2,3"), .pause(.milliseconds(20)),
                .reset,
            ]
        }) { server in
            #expect(await failure { try await get(server) } == .connectionLost)
            #expect(transport.pool.idleCount == 0)
        }
    }

    @Test func aTruncatedBodyIsALostConnection() async throws {
        try await ScriptedHTTPServer.with({ _ in
            [.send("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"id\":"), .close]
        }) { server in
            #expect(await failure { try await get(server) } == .connectionLost)
        }
    }

    @Test func aTruncatedChunkedBodyIsALostConnection() async throws {
        try await ScriptedHTTPServer.with({ _ in
            [.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n{\"id\":"), .close]
        }) { server in
            #expect(await failure { try await get(server) } == .connectionLost)
        }
    }

    @Test func anOversizedBodyIsRefusedWhetherAnnouncedOrNot() async throws {
        let big = String(repeating: "x", count: 5_000)
        try await ScriptedHTTPServer.with({ request in
            request.head.contains("/announced")
                ? [.answer(body: big)]
                : [.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1388\r\n\(big)\r\n0\r\n\r\n")]
        }) { server in
            for path in ["/announced", "/chunked"] {
                let kind = await failure {
                    try await get(server, path, limit: 4_096)
                }
                #expect(kind == .responseTooLarge, "\(path)")
            }
            // Under the limit, the same body arrives whole.
            let answer4 = try await get(server, "/chunked", limit: 5_000)
            #expect(answer4.body.readableBytes == 5_000)
            transport.shutdown()
        }
    }

    @Test func aSlowServerFailsTheRequestAtItsDeadline() async throws {
        // The head comes at once, the body never: the deadline covers the whole exchange.
        try await ScriptedHTTPServer.with({ _ in
            [.send("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{"), .pause(.seconds(30)), .send("}")]
        }) { server in
            let started = ContinuousClock.now
            let kind = await failure {
                try await get(server, timeout: .milliseconds(300))
            }
            let elapsed = ContinuousClock.now - started
            #expect(kind == .deadlineExceeded)
            #expect(elapsed >= .milliseconds(300))
            #expect(elapsed < .seconds(5))
        }
    }

    @Test func aResponseThatIsNotHTTPIsMalformed() async throws {
        try await ScriptedHTTPServer.with({ _ in [.send("SSH-2.0-OpenSSH_9.6\r\n\r\n")] }) { server in
            #expect(await failure { try await get(server) } == .malformedResponse)
        }
    }

    @Test func nobodyListeningIsARefusedConnection() async throws {
        let kind = try await withRefusingPort { port in
            await failure {
                try await transport.execute(
                    HTTPRequest(method: .GET, url: "http://127.0.0.1:\(port)/x"), timeout: .seconds(5),
                    maxBodyBytes: 1024)
            }
        }
        #expect(kind == .connectRefused)
    }

    @Test func aStreamedBodyArrivesWholeWithItsDeclaredLength() async throws {
        try await ScriptedHTTPServer.with({ request in [.answer(body: "\(request.body.count)")] }) { server in
            let chunk = [UInt8](repeating: 0x61, count: 100_000)
            let request = HTTPRequest(
                method: .POST, url: server.url + "/upload",
                body: .stream(length: 300_000) { write in
                    for _ in 0..<3 { try await write(ByteBuffer(bytes: chunk)) }
                })
            let response = try await transport.execute(request, timeout: .seconds(60), maxBodyBytes: 1024)
            #expect(String(buffer: response.body) == "300000")
            #expect(server.requests.first?.head.lowercased().contains("content-length: 300000") == true)
            #expect(server.requests.first?.head.lowercased().contains("transfer-encoding") == false)
            transport.shutdown()
        }
    }

    @Test func aStreamShorterThanItsLengthFailsAndIsNotAnswered() async throws {
        try await ScriptedHTTPServer.with({ _ in [.answer()] }) { server in
            let request = HTTPRequest(
                method: .POST, url: server.url + "/upload",
                body: .stream(length: 10) { write in try await write(ByteBuffer(string: "short")) }, idempotent: false)
            let kind = await failure {
                try await transport.execute(request, timeout: .seconds(5), maxBodyBytes: 1024)
            }
            #expect(kind == .connectionLost)
            #expect(server.requests.isEmpty)
        }
    }

    @Test func cancellingTheCallerEndsTheExchange() async throws {
        try await ScriptedHTTPServer.with({ _ in [.pause(.seconds(30)), .answer()] }) { server in
            let started = ContinuousClock.now
            let task = Task { try await get(server, timeout: .seconds(30)) }
            while server.requests.isEmpty { try await Task.sleep(for: .milliseconds(5)) }
            task.cancel()
            let kind: HTTPTransportError.Kind?
            switch await task.result {
            case .success: kind = nil
            case .failure(let error): kind = (error as? HTTPTransportError)?.kind
            }
            #expect(kind == .cancelled)
            #expect(ContinuousClock.now - started < .seconds(10))
        }
    }

    @Test func anHTTPDateInRetryAfterIsRead() {
        let date = HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(date?.timeIntervalSince1970 == 784_111_777)
        #expect(HTTPDate.parse("Sunday, 06-Nov-94 08:49:37 GMT") == nil)
    }
}
