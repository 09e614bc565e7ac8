import Foundation
import Logging
import Varlink

/// A Varlink server with the test interface on a socket in a fresh temporary directory.
struct TestServer: Sendable {
    let server: VarlinkServer
    let probe: TestProbe
    let directory: String
    let socketPath: String

    static func configuration() -> VarlinkServerConfiguration {
        VarlinkServerConfiguration(
            vendor: "finetuned tests", product: "VarlinkTests", version: "0",
            url: "https://example.invalid")
    }

    /// Runs `body` with a started server; shuts it down and removes the directory afterwards.
    static func with<T>(
        configure: (inout VarlinkServerConfiguration) -> Void = { _ in },
        authorizer: any VarlinkAuthorizer = AllowAllAuthorizer(),
        _ body: (TestServer) async throws -> T
    ) async throws -> T {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var configuration = configuration()
        // Every test checks the replies of the test interface against its description.
        configuration.validatesReplies = true
        configure(&configuration)
        let probe = TestProbe()
        var logger = Logger(label: "varlink-test")
        logger.logLevel = .critical
        let server = try VarlinkServer(
            configuration: configuration, interfaces: [try TestInterface.make(probe: probe)],
            authorizer: authorizer, logger: logger)
        let socketPath = directory + "/run/control"
        try await server.start(.path(socketPath))
        let testServer = TestServer(
            server: server, probe: probe, directory: directory, socketPath: socketPath)
        do {
            let result = try await body(testServer)
            probe.releaseBlocks()
            await server.shutdown()
            return result
        } catch {
            probe.releaseBlocks()
            await server.shutdown()
            throw error
        }
    }

    /// A new directory under /tmp (short, so socket paths fit in `sockaddr_un`), mode 0755.
    static func makeTemporaryDirectory() throws -> String {
        let path = "/tmp/vl-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(
            atPath: path, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o755])
        return path
    }
}
