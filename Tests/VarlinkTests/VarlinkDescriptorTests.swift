import Foundation
import Testing
import Varlink

/// Descriptors over the socket (SCM_RIGHTS), systemd's convention: they come with the message,
/// parameters refer to them by index, and the server closes every one it received.
@Suite struct VarlinkDescriptorTests {
    /// A temporary file with `text`, opened read-only; the caller closes the descriptor.
    private func openFile(_ text: String) throws -> Int32 {
        let path = "/tmp/vl-fd-\(UUID().uuidString.prefix(8))"
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        defer { unlink(path) }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        #expect(descriptor >= 0)
        return descriptor
    }

    private func call(
        _ server: TestServer, _ method: String, _ parameters: [String: JSONValue], descriptors: [Int32]
    ) async throws -> [String: JSONValue] {
        let (client, replies) = try await VarlinkClient.connect(
            to: server.socketPath, callingMore: method, parameters: parameters, descriptors: descriptors)
        return try await withTearDown({ await client.close() }) {
            var last: [String: JSONValue] = [:]
            for try await reply in replies { last = reply }
            return last
        }
    }

    @Test func aMethodReadsTheFileWhoseDescriptorCameWithTheCall() async throws {
        try await TestServer.with { server in
            let first = try openFile("first")
            let second = try openFile("second")
            defer { close(first); close(second) }
            let reply = try await call(
                server, "io.finetuned.test.ReadDescriptor", ["descriptor": 1], descriptors: [first, second])
            #expect(reply == ["text": "second"])
        }
    }

    @Test func descriptorsOnAMethodThatTakesNoneAreRefused() async throws {
        try await TestServer.with { server in
            let file = try openFile("x")
            defer { close(file) }
            await #expect {
                try await call(server, "io.finetuned.test.Echo", ["text": "hi"], descriptors: [file])
            } throws: {
                ($0 as? VarlinkError)?.name == "io.finetuned.Service.DescriptorsRefused"
                    && ($0 as? VarlinkError)?.parameters["maximum"] == .integer(0)
            }
        }
    }

    @Test func moreDescriptorsThanTheMethodOrTheCapAllowAreRefused() async throws {
        try await TestServer.with(configure: { $0.maximumDescriptorsPerMessage = 4 }) { server in
            let file = try openFile("x")
            defer { close(file) }
            for count in [3, 5, 20] {
                await #expect {
                    try await call(
                        server, "io.finetuned.test.ReadDescriptor", ["descriptor": 0],
                        descriptors: Array(repeating: file, count: count))
                } throws: { error in
                    let error = error as? VarlinkError
                    return error?.name == "io.finetuned.Service.DescriptorsRefused"
                        && error?.parameters["received"] == .integer(Int64(count))
                }
            }
        }
    }

    /// Every path: taken, refused on a method that takes none, over the cap, an index the handler
    /// does not take, an unknown method, a connection closed before its call ran.
    @Test(.timeLimit(.minutes(2))) func noDescriptorIsLeftOpenAfterAThousandCalls() async throws {
        try await TestServer.with(configure: { $0.maximumDescriptorsPerMessage = 4 }) { server in
            let file = try openFile("x")
            defer { close(file) }
            // Only descriptors of the file passed are counted: other tests of this process open
            // and close descriptors of their own meanwhile.
            var passed = stat()
            #expect(fstat(file, &passed) == 0)
            let before = try openDescriptorCount(referringTo: passed)
            let cases: [(String, [String: JSONValue], Int)] = [
                ("io.finetuned.test.ReadDescriptor", ["descriptor": 0], 1),
                ("io.finetuned.test.ReadDescriptor", ["descriptor": 7], 2),
                ("io.finetuned.test.Echo", ["text": "x"], 1),
                ("io.finetuned.test.ReadDescriptor", ["descriptor": 0], 6),
                ("io.finetuned.test.Nothing", [:], 2),
            ]
            for round in 0..<1000 {
                let (method, parameters, count) = cases[round % cases.count]
                _ = try? await call(server, method, parameters, descriptors: Array(repeating: file, count: count))
            }
            // Connections close asynchronously on the server's side.
            var after = try openDescriptorCount(referringTo: passed)
            for _ in 0..<100 where after > before {
                try await Task.sleep(for: .milliseconds(50))
                after = try openDescriptorCount(referringTo: passed)
            }
            #expect(after <= before)
        }
    }

    /// How many of this process's open descriptors refer to the same object as `file`.
    private func openDescriptorCount(referringTo file: stat) throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").filter { name in
            var info = stat()
            return stat("/proc/self/fd/" + name, &info) == 0 && info.st_dev == file.st_dev && info.st_ino == file.st_ino
        }.count
    }
}
