import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A bare HTTP/1.1 client for poking at the simulator without the project's own client, so these
/// tests check the wire format itself. One request per connection.
enum HTTP {
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: [UInt8]
        var json: Any? { try? JSONSerialization.jsonObject(with: Data(body)) }
        var object: [String: Any] { json as? [String: Any] ?? [:] }
    }

    static func request(
        _ method: String, _ url: URL, body: [UInt8] = [], headers: [String: String] = [:]
    )
        async throws -> Response
    {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: url.host!, port: url.port!) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(
                        wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var head = HTTPRequestHead(
                version: .http1_1, method: HTTPMethod(rawValue: method),
                uri: url.path + (url.query.map { "?" + $0 } ?? ""))
            head.headers.add(name: "host", value: "\(url.host!):\(url.port!)")
            head.headers.add(name: "content-length", value: String(body.count))
            head.headers.add(name: "connection", value: "close")
            for (name, value) in headers { head.headers.add(name: name, value: value) }
            do {
                try await outbound.write(.head(head))
                if !body.isEmpty { try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: body)))) }
                try await outbound.write(.end(nil))
            } catch ChannelError.ioOnClosedChannel {
                // The server answered and closed (`connection: close`) before the write's
                // completion reached us; the answer is still in the inbound stream.
            }
            var response = Response(status: 0, headers: [:], body: [])
            for try await part in inbound {
                switch part {
                case .head(let head):
                    response.status = Int(head.status.code)
                    for header in head.headers { response.headers[header.name.lowercased()] = header.value }
                case .body(let buffer):
                    response.body += buffer.readableBytesView
                case .end:
                    return response
                }
            }
            return response
        }
    }

    static func json(_ method: String, _ url: URL, _ object: Any) async throws -> Response {
        let body = try JSONSerialization.data(withJSONObject: object)
        return try await request(method, url, body: Array(body), headers: ["content-type": "application/json"])
    }

    static func upload(
        _ url: URL, filename: String, content: String, purpose: String = "fine-tune"
    )
        async throws -> Response
    {
        let boundary = "test-boundary-42"
        let body =
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\n\(purpose)\r\n"
            + "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\n"
            + "Content-Type: application/jsonl\r\n\r\n\(content)\r\n--\(boundary)--\r\n"
        return try await request(
            "POST", url, body: Array(body.utf8),
            headers: ["content-type": "multipart/form-data; boundary=\(boundary)"])
    }

    static func trainingLines(_ count: Int) -> String {
        (1...count).map {
            #"{"messages":[{"role":"user","content":"q\#($0)"},{"role":"assistant","content":"a\#($0)"}]}"#
        }
        .joined(separator: "\n") + "\n"
    }
}
