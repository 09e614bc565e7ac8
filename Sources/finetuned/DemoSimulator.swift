import FineTuneDaemon
import FoundationEssentials

/// The `openai-sim` executable, run as a child for `finetuned demo`, so that the daemon's binary
/// links no simulator. It is found next to `finetuned` (both are products of this package;
/// `swift build` builds them together) unless `--simulator PATH` names it.
///
/// Contract: ``start(executable:timeScale:azure:directory:verbose:)`` returns once the child
/// listens on a loopback port it chose, and ``stop()`` returns once the child has exited. The
/// child's environment is empty and its secrets (the API key, the Entra client secret) are in
/// 0600 files in `directory`, never in its argv or environment.
struct DemoSimulator {
    /// The key the daemon presents; the simulator reads it from a file.
    static let apiKey = "sk-demo-key"
    /// The simulated Azure tenant and application (the simulator's defaults, passed explicitly).
    static let tenantID = "sim-tenant"
    static let clientID = "sim-client"

    let process: ChildProcess
    let port: Int
    /// The Entra client secret's file (Azure), for `EntraClientSecretFile=`.
    let clientSecretFile: String

    var rootURL: String { "http://127.0.0.1:\(port)" }
    var baseURL: String { rootURL + "/v1" }
    var azureBaseURL: String { rootURL + "/openai" }
    var managementURL: String { rootURL }

    /// The executable: `explicit` if given, else `openai-sim` beside the running `finetuned`.
    static func locate(_ explicit: String?) throws -> String {
        if let explicit {
            guard FileManager.default.isExecutableFile(atPath: explicit) else {
                throw DemoFailure("--simulator \(explicit): not an executable file")
            }
            return explicit
        }
        let own =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        let beside = URL(fileURLWithPath: own).deletingLastPathComponent().appendingPathComponent("openai-sim").path
        guard FileManager.default.isExecutableFile(atPath: beside) else {
            throw DemoFailure(
                "the demo runs the simulator openai-sim, which is not built beside finetuned (\(beside)): "
                    + "run `swift build` first (it builds both), or pass --simulator PATH")
        }
        return beside
    }

    /// Starts the child and waits (up to 30 s) for the port it bound.
    ///
    /// - Throws: ``DemoFailure`` when the child cannot start, exits early, or never listens.
    static func start(
        executable: String, timeScale: Double, azure: Bool, directory: URL, verbose: Bool
    )
        async throws -> DemoSimulator
    {
        let keyFile = try writePrivate(apiKey, to: directory.appendingPathComponent("simulator-api-key").path)
        let secret = "demo-secret-" + UUID().uuidString
        let secretFile = try writePrivate(secret, to: directory.appendingPathComponent("entra-client-secret").path)
        let portFile = directory.appendingPathComponent("simulator.port").path
        var arguments = [
            "--host", "127.0.0.1", "--port", "0", "--time-scale", String(timeScale),
            "--api-key-file", keyFile, "--port-file", portFile,
        ]
        if azure {
            arguments += [
                "--dialect", "azure", "--tenant-id", tenantID, "--client-id", clientID,
                "--client-secret-file", secretFile,
            ]
        }
        let process: ChildProcess
        do {
            process = try ChildProcess.spawn(
                executable: executable, arguments: arguments, environment: [:],
                standardError: verbose ? .inherit : .discard)
        } catch {
            throw DemoFailure("cannot start \(executable): \(error)")
        }
        let deadline = ContinuousClock.now + .seconds(30)
        while true {
            if let text = try? String(contentsOfFile: portFile, encoding: .utf8),
                let port = Int(text.trimmingWhitespaceAndNewlines()), port > 0
            {
                return DemoSimulator(process: process, port: port, clientSecretFile: secretFile)
            }
            guard process.isRunning else {
                for await _ in process.exited {}
                throw DemoFailure("\(executable) \(Self.describe(process.ending)) before listening")
            }
            guard ContinuousClock.now < deadline else {
                process.terminate()
                throw DemoFailure("\(executable) did not listen within 30 s")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Sends SIGTERM and waits for the child to exit.
    func stop() async {
        process.terminate()
        for await _ in process.exited {}
    }

    /// How the child ended, in the words of the error that reports it.
    private static func describe(_ ending: ChildProcess.Ending?) -> String {
        switch ending {
        case .exited(let status): "exited with status \(status)"
        case .signaled(let signal): "was killed by signal \(signal)"
        case nil: "exited"
        }
    }

    private static func writePrivate(_ text: String, to path: String) throws -> String {
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        else { throw DemoFailure("cannot write \(path)") }
        return path
    }
}
