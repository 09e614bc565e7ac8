import FineTuneDaemon
import FinetunedTesting
import Foundation
import Logging
import OpenAIFineTuning
import OpenAISimulator
import Systemd
import Testing

/// A fixed management-plane token: the simulated management plane only needs to see one.
private struct FixedToken: AccessTokenSource {
    func token(forScope scope: String) async throws -> AccessToken {
        AccessToken(secret: APIKey("fixed-management-token-0123456789"), expiresOn: Date().addingTimeInterval(3600))
    }
    func invalidate(_ token: AccessToken, forScope scope: String) async {}
}

/// `finetunectl deploy`, `deployments`, `chat` and `undeploy` on an Azure account, as a user
/// runs them, against a daemon talking to the simulated Azure.
@Suite(.serialized) struct AzureDeploymentCtlTests {
    static let key = "azure-ctl-key-0123456789abcdef"

    struct Setup {
        var directory: String
        var simulator: OpenAISimulator
        var daemon: Daemon
        var socket: String { directory + "/control.sock" }
        var configPath: String { directory + "/finetuned.conf" }

        func ctl(_ arguments: String...) async throws -> CtlResult {
            try await Ctl.run(arguments + ["--socket", socket], timeout: .seconds(60))
        }

        func tearDown() async {
            try? await daemon.stopAndWait()
            try? await simulator.shutdown()
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    static func setUp(subscription: String = "00000000-1111-2222-3333-444444444444") async throws -> Setup {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ftazc-\(UUID().uuidString.prefix(8))"
        ).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var configuration = SimulatorConfiguration(timeScale: 200, apiKey: key)
        configuration.dialect = .azure
        let simulator = try await OpenAISimulator.start(configuration)
        try """
        [Daemon]
        DatabasePath=\(directory)/finetuned.db
        ControlSocket=\(directory)/control.sock
        PollInterval=1s
        WatchingPollInterval=200ms

        [Account]
        Name=azure
        BaseURL=\(simulator.azureBaseURL.absoluteString)
        AuthStyle=azure
        APIVersion=2024-10-21
        AzureSubscriptionID=\(subscription)
        AzureResourceGroup=rg-finetuned
        AzureResourceName=res-finetuned
        AzureManagementURL=\(simulator.managementURL.absoluteString)

        """.write(toFile: directory + "/finetuned.conf", atomically: true, encoding: .utf8)
        var options = Daemon.Options(
            configPath: directory + "/finetuned.conf", configRequired: true, environment: ["OPENAI_API_KEY": key],
            notifier: ServiceNotifier(destination: .none))
        options.managementTokenSources = { _, _ in FixedToken() }
        options.deploymentCheckInterval = .milliseconds(100)
        var logger = Logger(label: "azure-ctl-test")
        logger.logLevel = .error
        let daemon = try await Daemon.start(options, logger: logger)
        return Setup(directory: directory, simulator: simulator, daemon: daemon)
    }

    /// A job that succeeded at the simulator, tracked through finetunectl.
    static func trackedJob(_ setup: Setup) async throws -> String {
        let id = setup.simulator.preloadJobs(count: 1, status: "succeeded")[0]
        let tracked = try await setup.ctl("track", id, "--account", "azure")
        #expect(tracked.status == 0, "\(tracked)")
        return id
    }

    @Test func deployWaitThenDeploymentsThenChatThenUndeploy() async throws {
        let setup = try await Self.setUp()
        try await withTearDown({ await setup.tearDown() }) {
            let job = try await Self.trackedJob(setup)

            let early = try await setup.ctl("chat", job, "Hello?")
            #expect(early.status == 2, "\(early)")
            #expect(early.stderr.contains("finetunectl deploy"), "\(early)")

            let deployed = try await setup.ctl("deploy", job, "--name", "ta", "--sku", "Standard", "--wait")
            #expect(deployed.status == 0, "\(deployed)")
            #expect(deployed.stdout.contains("Deployment ta") && deployed.stdout.contains("succeeded"), "\(deployed)")

            let listed = try await setup.ctl("deployments")
            #expect(listed.status == 0, "\(listed)")
            #expect(
                listed.stdout.contains("ta") && listed.stdout.contains("Succeeded")
                    && listed.stdout.contains("$1.70/h"), "\(listed)")
            #expect(listed.stdout.contains("Hosting fees per hour from"), "\(listed)")
            let json = try await setup.ctl("deployments", "--json")
            let deployments = try #require(try json.json()["deployments"] as? [[String: Any]])
            #expect(deployments.count == 1)
            #expect(deployments.first?["hourly_usd"] as? Double == 1.70)
            #expect(deployments.first?["inactivity_deletion_at"] as? Double != nil)

            let chat = try await setup.ctl("chat", job, "Hello?")
            #expect(chat.status == 0, "\(chat)")
            #expect(!chat.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)

            let again = try await setup.ctl("deploy", job, "--name", "ta")
            #expect(again.status == 2, "\(again)")
            #expect(again.stderr.contains("already exists"), "\(again)")

            let removed = try await setup.ctl("undeploy", "ta")
            #expect(removed.status == 0, "\(removed)")
            #expect(removed.stdout.contains("Deleted deployment ta"), "\(removed)")
            let none = try await setup.ctl("deployments")
            #expect(none.stdout.contains("No deployments"), "\(none)")
            #expect(setup.simulator.deploymentStates().isEmpty)
        }
    }

    @Test func deployWithoutASubscriptionIDNamesTheKeyAndTheFile() async throws {
        let setup = try await Self.setUp(subscription: "")
        try await withTearDown({ await setup.tearDown() }) {
            let job = try await Self.trackedJob(setup)
            let refused = try await setup.ctl("deploy", job)
            #expect(refused.status == 2, "\(refused)")
            #expect(
                refused.stderr.contains("AzureSubscriptionID=") && refused.stderr.contains(setup.configPath),
                "\(refused)")
            #expect(setup.simulator.deploymentStates().isEmpty)
        }
    }

    @Test func aDeploymentThatFailsExitsOneWithAzuresReason() async throws {
        let setup = try await Self.setUp()
        try await withTearDown({ await setup.tearDown() }) {
            let job = try await Self.trackedJob(setup)
            setup.simulator.failNextDeployments(1)
            let failed = try await setup.ctl("deploy", job, "--name", "doomed", "--wait")
            #expect(failed.status == 1, "\(failed)")
            #expect(failed.stdout.contains("failed"), "\(failed)")
        }
    }

    @Test func anOpenAIAccountHasNoDeploymentsAndSaysSo() async throws {
        try await CtlFixture.with { fixture in
            let refused = try await fixture.ctl("deploy", "ft:gpt-4o-mini:org::abc")
            #expect(refused.status == 2, "\(refused)")
            #expect(refused.stderr.contains("not an Azure OpenAI account"), "\(refused)")
            let none = try await fixture.ctl("deployments")
            #expect(none.status == 0 && none.stdout.contains("No deployments"), "\(none)")
        }
    }
}
