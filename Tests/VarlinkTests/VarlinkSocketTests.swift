import Foundation
import Logging
import Testing
import Varlink

#if canImport(Glibc)
    import Glibc
#endif

/// Binding the socket: parent directory, stale and live sockets, mode, adopted descriptors.
@Suite struct VarlinkSocketTests {
    private func makeServer() throws -> VarlinkServer {
        try VarlinkServer(
            configuration: TestServer.configuration(),
            interfaces: [try TestInterface.make(probe: TestProbe())],
            authorizer: AllowAllAuthorizer(),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    /// A Unix socket bound at `path`, listening when `listen` is true.
    private func bindRawSocket(at path: String, listen shouldListen: Bool) throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: path.utf8) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        try #require(bound == 0)
        if shouldListen { try #require(listen(fd, 16) == 0) }
        return fd
    }

    @Test func createsTheParentDirectoryAndSetsTheMode() async throws {
        let directory = try TestServer.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/a/b/control"
        let server = try makeServer()
        try await server.start(.path(path))
        var status = stat()
        #expect(lstat(path, &status) == 0)
        #expect(status.st_mode & S_IFMT == S_IFSOCK)
        #expect(status.st_mode & 0o777 == 0o660)
        await server.shutdown()
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func replacesAStaleSocket() async throws {
        let directory = try TestServer.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/control"
        close(try bindRawSocket(at: path, listen: false))  // the file stays; nobody listens
        #expect(FileManager.default.fileExists(atPath: path))
        let server = try makeServer()
        try await server.start(.path(path))
        let client = try await VarlinkClient.connect(to: path)
        #expect(
            try await client.call("io.finetuned.test.Echo", parameters: ["text": "new"]) == [
                "text": "new"
            ])
        await client.close()
        await server.shutdown()
    }

    @Test func refusesASocketSomeoneListensOn() async throws {
        try await TestServer.with { running in
            let second = try makeServer()
            await #expect(throws: VarlinkListenError.socketInUse(path: running.socketPath)) {
                try await second.start(.path(running.socketPath))
            }
            // The first server is untouched.
            let client = try await VarlinkClient.connect(to: running.socketPath)
            #expect(
                try await client.call("io.finetuned.test.Echo", parameters: ["text": "ok"]) == [
                    "text": "ok"
                ])
            await client.close()
        }
    }

    @Test func refusesToReplaceSomethingThatIsNotASocket() async throws {
        let directory = try TestServer.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/control"
        try Data("precious".utf8).write(to: URL(fileURLWithPath: path))
        await #expect(throws: VarlinkListenError.notASocket(path: path)) {
            try await makeServer().start(.path(path))
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "precious")
    }

    @Test func refusesAPathTooLongForASocketAddress() async throws {
        let path = "/tmp/" + String(repeating: "x", count: 120)
        await #expect(throws: VarlinkListenError.pathTooLong(path: path)) {
            try await makeServer().start(.path(path))
        }
    }

    @Test func adoptsAnAlreadyListeningSocket() async throws {
        // What systemd socket activation hands over: a bound, listening descriptor.
        let directory = try TestServer.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/activated"
        let fd = try bindRawSocket(at: path, listen: true)
        let server = try makeServer()
        try await server.start(.listeningSocket(fileDescriptor: fd))
        let client = try await VarlinkClient.connect(to: path)
        #expect(
            try await client.call("io.finetuned.test.Echo", parameters: ["text": "activated"]) == [
                "text": "activated"
            ])
        await client.close()
        await server.shutdown()
    }
}
