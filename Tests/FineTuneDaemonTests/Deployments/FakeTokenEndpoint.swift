import FinetunedTesting
import Foundation
import Glibc
import Synchronization

/// Entra's token endpoint for one test, on loopback: answers every `POST /{tenant}/oauth2/v2.0/token`
/// with a token for the scope asked (`{"token_type", "expires_in", "access_token"}`, reference
/// §2.2) and remembers each request's form. A stand-in until the simulator serves the endpoint.
final class FakeTokenEndpoint: Sendable {
    struct Request: Sendable {
        var path: String
        var form: [String: String]
    }

    let port: Int
    private let listener: Int32
    private let requests = Mutex<[Request]>([])
    private let stopped = Atomic<Bool>(false)

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && listen(fd, 16) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else {
            close(fd)
            throw FixtureError("fake token endpoint: cannot listen: errno \(errno)")
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { [self] in serve() }
    }

    var url: String { "http://127.0.0.1:\(port)" }
    var all: [Request] { requests.withLock { $0 } }

    func stop() {
        stopped.store(true, ordering: .relaxed)
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func serve() {
        while !stopped.load(ordering: .relaxed) {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            handle(connection)
            close(connection)
        }
    }

    /// Reads one request (headers, then `content-length` bytes) and answers it.
    private func handle(_ connection: Int32) {
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        var expected: Int? = nil
        while expected.map({ data.count < $0 }) ?? true {
            let n = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { return }
            data += buffer[0..<n]
            let text = String(decoding: data, as: UTF8.self)
            if expected == nil, let end = text.range(of: "\r\n\r\n") {
                let head = text[..<end.lowerBound].lowercased()
                let length =
                    head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                    .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                expected = text.utf8.distance(from: text.utf8.startIndex, to: end.upperBound) + length
            }
        }
        let text = String(decoding: data, as: UTF8.self)
        let path = text.split(separator: " ").dropFirst().first.map(String.init) ?? "/"
        let body = text.range(of: "\r\n\r\n").map { String(text[$0.upperBound...]) } ?? ""
        var form: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).removingPercentEncoding ?? String($0)
            }
            if parts.count == 2 { form[parts[0]] = parts[1] }
        }
        requests.withLock { $0.append(Request(path: path, form: form)) }
        let scope = form["scope"] ?? "?"
        let answer =
            #"{"token_type":"Bearer","expires_in":3599,"access_token":"token-for-\#(scope.count)-\#(UUID().uuidString)"}"#
        let response =
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: \(answer.utf8.count)\r\nconnection: close\r\n\r\n\(answer)"
        _ = response.withCString { send(connection, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
    }
}
