import FinetunedTesting
import Foundation
import JobStore
import OpenAISimulator
import Testing

/// A SIGKILL between storing a deployment and the PUT's answer leaves exactly one deployment:
/// `finetuned run` (Entra ID client credentials at the simulated tenant, Azure's v1 API) is
/// killed while the simulated management plane holds the PUT's answer back, and the restarted
/// daemon adopts what Azure has instead of creating it again.
@Suite(.serialized) struct DeploymentKillTests {
    /// One daemon process; `kill()` sends SIGKILL.
    final class DaemonProcess {
        let process = Process()

        init(config: String) throws {
            process.executableURL = URL(fileURLWithPath: Ctl.sibling("finetuned"))
            process.arguments = ["run", "--config", config, "--log-target", "stderr"]
            process.environment = ["PATH": "/usr/bin:/bin"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
        }

        func kill(_ signal: Int32) {
            Foundation.kill(process.processIdentifier, signal)
            process.waitUntilExit()
        }
    }

    @Test func aSIGKILLWhileThePUTIsUnansweredLeavesExactlyOneDeployment() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ftkill-\(UUID().uuidString.prefix(8))"
        ).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var configuration = SimulatorConfiguration(
            timeScale: 200,
            faults: .init(rules: [.init(kind: .slow, endpoint: "PUT /deployments/{name}", count: 1, delayMs: 30_000)]))
        configuration.dialect = .azure
        let simulator = try await OpenAISimulator.start(configuration)
        try await withTearDown({ try? await simulator.shutdown() }) {
            let socket = directory + "/control.sock"
            let database = directory + "/finetuned.db"
            let config = directory + "/finetuned.conf"
            let secret = directory + "/entra-client-secret"
            guard
                FileManager.default.createFile(
                    atPath: secret, contents: Data(simulator.configuration.azure.clientSecret.utf8),
                    attributes: [.posixPermissions: 0o600])
            else { throw FixtureError("cannot write \(secret)") }
            try """
            [Daemon]
            DatabasePath=\(database)
            ControlSocket=\(socket)
            PollInterval=1s
            WatchingPollInterval=200ms

            [Account]
            Name=azure
            BaseURL=\(simulator.azureBaseURL.absoluteString)/v1
            AuthStyle=entra
            EntraTenantID=\(simulator.configuration.azure.tenantID)
            EntraClientID=\(simulator.configuration.azure.clientID)
            EntraClientSecretFile=\(secret)
            EntraAuthorityHost=\(simulator.managementURL.absoluteString)
            AzureSubscriptionID=00000000-1111-2222-3333-444444444444
            AzureResourceGroup=rg-finetuned
            AzureResourceName=res-finetuned
            AzureManagementURL=\(simulator.managementURL.absoluteString)

            """.write(toFile: config, atomically: true, encoding: .utf8)
            func ctl(_ arguments: String...) async throws -> CtlResult {
                try await Ctl.run(arguments + ["--socket", socket], timeout: .seconds(60))
            }
            func waitForDaemon() async throws {
                let deadline = ContinuousClock.now + .seconds(30)
                while try await ctl("deployments").status != 0 {
                    guard ContinuousClock.now < deadline else { throw FixtureError("the daemon did not come up") }
                    try await Task.sleep(for: .milliseconds(100))
                }
            }

            var daemon = try DaemonProcess(config: config)
            try await waitForDaemon()
            let job = simulator.preloadJobs(count: 1, status: "succeeded")[0]
            #expect(try await ctl("track", job).status == 0)

            // The deploy is sent; Azure creates the deployment and holds its answer back.
            let deploy = Task { try await ctl("deploy", job, "--name", "crash") }
            let deadline = ContinuousClock.now + .seconds(30)
            while !simulator.requestLog().contains(where: { $0.endpoint == "PUT /deployments/{name}" }) {
                guard ContinuousClock.now < deadline else { throw FixtureError("no PUT reached the simulator") }
                try await Task.sleep(for: .milliseconds(20))
            }
            daemon.kill(SIGKILL)
            let interrupted = try await deploy.value
            #expect(interrupted.status == 2, "the client is told the daemon went away: \(interrupted)")
            do {
                let store = try JobStore.open(path: database)
                let stored = try store.deployments(includeEnded: true)
                #expect(stored.map(\.state) == ["Pending"], "killed between storing and the answer")
            }

            daemon = try DaemonProcess(config: config)
            defer { daemon.kill(SIGTERM) }
            try await waitForDaemon()
            let settled = ContinuousClock.now + .seconds(30)
            var states: [String] = []
            while states != ["Succeeded"] {
                guard ContinuousClock.now < settled else { throw FixtureError("never settled: \(states)") }
                try await Task.sleep(for: .milliseconds(100))
                let listed = try await ctl("deployments", "--all", "--json")
                states = (try listed.json()["deployments"] as? [[String: Any]] ?? []).compactMap {
                    $0["state"] as? String
                }
            }
            #expect(simulator.deploymentStates().map(\.name) == ["crash"])
            #expect(simulator.requestCounts()["PUT /deployments/{name}"] == 1, "adopted, not created again")
        }
    }
}
