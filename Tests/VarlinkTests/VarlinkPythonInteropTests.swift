import Foundation
import Testing
import Varlink

/// The python `varlink` package (the reference implementation) against our server.
@Suite struct VarlinkPythonInteropTests {
    static let python =
        ["/root/.pyenv/shims/python3", "/usr/local/bin/python3", "/usr/bin/python3"]
        .first { FileManager.default.isExecutableFile(atPath: $0) } ?? "python3"

    @Test func pythonVarlinkCallsMethodsAndStreams() async throws {
        try await TestServer.with { server in
            let script = TestInterface.fixtures.appendingPathComponent("varlink_interop.py").path
            let (status, output) = try await runProgram(Self.python, [script, server.socketPath])
            #expect(status == 0, "python output: \(output)")
            let seen = try JSONDecoder().decode(JSONValue.self, from: Data(output.utf8))
            #expect(seen["interfaces"] == ["io.finetuned.test", "org.varlink.service"])
            #expect(seen["vendor"] == "finetuned tests")
            #expect(seen["echo"] == "grüße\n\"quoted\"")
            #expect(seen["sum"] == 42)
            #expect(seen["count"] == [1, 2, 3, 4, 5])
            #expect(seen["fail"] == "io.finetuned.test.Failure")
            #expect(seen["fail_parameters"] == ["reason": "asked to"])
            #expect(seen["internal"] == "io.finetuned.Service.InternalError")
        }
    }
}
