@testable import FineTuneDaemon
import FinetunedTesting
import Foundation
import JobStore
import OpenAIFineTuning
import OpenAISimulator
import Testing
import Varlink

/// Deployments against the simulated Azure: the daemon deploys, follows, chats through and
/// deletes; it refuses what it must refuse; it never makes a second deployment.
@Suite(.serialized) struct AzureDeploymentTests {
    func deploy(
        _ daemon: Daemon, model: String? = nil, job: String? = nil, name: String? = nil,
        sku: String? = nil
    ) async throws -> DeploymentRecord {
        let manager = daemon.deployments
        return try await manager.deploy(
            try manager.order(model: model, job: job, account: nil, name: name, sku: sku, capacity: nil))
    }

    /// `Models.Chat` on the control socket, as finetunectl sends it.
    func chat(_ fixture: AzureFixture, job: String) async throws -> String {
        let client = try await VarlinkClient.connect(to: fixture.socketPath)
        return try await withTearDown({ await client.close() }) {
            let reply = try await client.call(
                "io.finetuned.Models.Chat",
                parameters: [
                    "job": .string(job),
                    "messages": .array([.object(["role": .string("user"), "content": .string("Hi?")])]),
                ])
            return reply["reply"]?.stringValue ?? ""
        }
    }

    @Test func deployFollowsProvisioningToSucceededThenChatGoesThroughItThenUndeployStopsTheCost() async throws {
        try await withTearDown(of: try await AzureFixture()) { fixture in
            let daemon = try await fixture.startDaemon()
            let (job, model) = try await fixture.succeededJob()

            let first = try await deploy(daemon, job: job, name: "ta-prod", sku: "Standard")
            #expect(["Accepted", "Creating"].contains(first.state))
            #expect(fixture.simulator.deploymentStates().map(\.name) == ["ta-prod"])
            let ready = try await fixture.waitForDeployment("ta-prod") { $0.state == "Succeeded" }
            #expect(ready.model == model)
            #expect(ready.jobID == job)
            #expect(fixture.tokens.scopes.withLock { $0 }.allSatisfy { $0 == AzureScope.management })
            let deletion = try daemon.storeFigures().deploymentDeletions[.init(account: "azure", deployment: "ta-prod")]
            #expect(
                deletion.map { abs($0.timeIntervalSince1970 - (ready.succeededAt ?? 0) - 15 * 86_400) < 1 } == true,
                "the metric says when Azure deletes it for inactivity")

            let reply = try await chat(fixture, job: job)
            #expect(!reply.isEmpty)
            let chats = fixture.simulator.requestLog().filter { $0.endpoint.contains("chat/completions") }
            #expect(chats.map(\.path) == ["/deployments/ta-prod/chat/completions"], "chat goes through the deployment")
            #expect(chats.map(\.status) == [200])
            #expect(try daemon.store.deployment(account: "azure", name: "ta-prod")?.usedAt != nil)

            let deleted = try await daemon.deployments.undeploy(name: "ta-prod", account: nil)
            #expect(deleted.state == DeploymentRecord.deleted)
            #expect(deleted.endedAt != nil)
            #expect(fixture.simulator.deploymentStates().isEmpty)
            let cost = DeploymentReview.cost(deleted, prices: .shipped, now: Date().timeIntervalSince1970 + 86_400)
            #expect(cost.usd < 0.1, "no hosting fee accrues after the deletion")
            #expect(fixture.puts() == 1)

            // Each transition in the journal, with its fields and MESSAGE_ID.
            #expect(fixture.journal.entries(.requested).count == 1)
            let succeeded = fixture.journal.entries(.succeeded)
            #expect(succeeded.count == 1)
            #expect(succeeded.first?.metadata["deployment"] == .string("ta-prod"))
            #expect(succeeded.first?.metadata["job"] == .string(job))
            #expect(fixture.journal.entries(.ended).count == 1)
        }
    }

    @Test func aDeploymentThatFailsIsReportedFailedAndCostsNothing() async throws {
        try await withTearDown(of: try await AzureFixture()) { fixture in
            let daemon = try await fixture.startDaemon()
            let (job, _) = try await fixture.succeededJob()
            fixture.simulator.failNextDeployments(1)
            _ = try await deploy(daemon, job: job, name: "doomed")
            let failed = try await fixture.waitForDeployment("doomed") { !$0.isActive }
            #expect(failed.state == "Failed")
            #expect(DeploymentReview.cost(failed, prices: .shipped, now: Date().timeIntervalSince1970 + 3_600).usd == 0)
            let entries = fixture.journal.entries(.failed)
            #expect(entries.count == 1)
            #expect(entries.first?.level == .warning)
            // Chat refuses: there is no deployment that succeeded.
            #expect(throws: DeploymentError.self) {
                try daemon.deployments.chatTarget(model: failed.model, account: "azure")
            }
            // Azure keeps the failed deployment under its name until it is deleted.
            #expect(fixture.simulator.deploymentStates().map(\.state) == ["Failed"])
            let deleted = try await daemon.deployments.undeploy(name: "doomed", account: nil)
            #expect(deleted.state == DeploymentRecord.deleted)
            #expect(fixture.simulator.deploymentStates().isEmpty)
        }
    }

    @Test func aNameAlreadyInUseIsReportedAndTheExistingDeploymentIsLeftUntouched() async throws {
        try await withTearDown(of: try await AzureFixture()) { fixture in
            let daemon = try await fixture.startDaemon()
            let (job, model) = try await fixture.succeededJob()
            let (_, other) = try await fixture.succeededJob()
            // Someone created "shared" in the portal, serving another model.
            let portal = fixture.managementClient()
            _ = try await portal.createDeployment(name: "shared", model: other, sku: .standard, capacity: 1)
            try await portal.shutdown()
            await #expect {
                _ = try await deploy(daemon, job: job, name: "shared")
            } throws: { error in
                guard case DeploymentError.nameInUse(let name, let existing, let tracked) = error else { return false }
                return name == "shared" && existing == other && !tracked
            }
            #expect(fixture.puts() == 1, "no PUT over someone else's deployment")
            #expect(fixture.simulator.deploymentStates().map(\.model) == [other])
            #expect(try daemon.store.deployments(includeEnded: true).isEmpty)

            // And a name finetuned tracks already.
            _ = try await deploy(daemon, job: job, name: "mine")
            await #expect(throws: DeploymentError.nameInUse(name: "mine", model: model, tracked: true)) {
                _ = try await deploy(daemon, job: job, name: "mine")
            }
            #expect(fixture.puts() == 2)
        }
    }

    @Test func aMissingSubscriptionIDNamesTheKeyAndTheFile() async throws {
        try await withTearDown(of: try await AzureFixture(accountConfig: "AzureSubscriptionID=")) { fixture in
            let daemon = try await fixture.startDaemon()
            let (job, _) = try await fixture.succeededJob()
            await #expect(
                throws: DeploymentError.missingSetting(
                    account: "azure", key: "AzureSubscriptionID", file: fixture.configPath)
            ) {
                _ = try await deploy(daemon, job: job)
            }
            let message = DeploymentError.missingSetting(
                account: "azure", key: "AzureSubscriptionID", file: fixture.configPath
            ).description
            #expect(message.contains("AzureSubscriptionID="))
            #expect(message.contains(fixture.configPath))
            #expect(fixture.simulator.requestCounts().keys.filter { $0.contains("deployments") }.isEmpty)
        }
    }

    @Test func aForbiddenAnswerNamesThePermissionNeeded() async throws {
        try await withTearDown(of: try await AzureFixture()) { fixture in
            let daemon = try await fixture.startDaemon()
            let (job, _) = try await fixture.succeededJob()
            fixture.simulator.setManagementRole(granted: false)
            await #expect {
                _ = try await deploy(daemon, job: job, name: "nope")
            } throws: { error in
                guard let error = error as? OpenAIError else { return false }
                return error.status == 403
                    && error.description.contains("Microsoft.CognitiveServices/accounts/deployments/")
                    && error.description.contains("Cognitive Services Contributor")
            }
            #expect(fixture.puts() == 0)
        }
    }

    @Test func chatOnAzureWithoutADeploymentNamesDeployAndNeverDeploys() async throws {
        try await withTearDown(of: try await AzureFixture()) { fixture in
            let daemon = try await fixture.startDaemon()
            let (_, model) = try await fixture.succeededJob()
            #expect {
                _ = try daemon.deployments.chatTarget(model: model, account: "azure")
            } throws: { error in
                "\(error)".contains("finetunectl deploy")
            }
            #expect(fixture.puts() == 0)
            #expect(try daemon.store.deployments(includeEnded: true).isEmpty)
            // The simulated data plane refuses a chat that names no deployment, as Azure does.
            let chats = fixture.simulator.requestLog().filter { $0.endpoint.contains("chat") }
            #expect(chats.isEmpty)
        }
    }

    @Test func aCrashAfterStoringResumesByAdoptingTheDeploymentThatLandedNeverASecond() async throws {
        try await withTearDown(of: try await AzureFixture()) { fixture in
            var daemon = try await fixture.startDaemon()
            let (job, model) = try await fixture.succeededJob()
            // A previous run stored the deployment, sent the PUT, and died before the answer: the
            // deployment exists on Azure, the row is still Pending.
            try await fixture.stopDaemon()
            let store = try JobStore.open(path: fixture.directory + "/state/finetuned.db")
            _ = try store.insertDeployment(
                DeploymentRecord(
                    account: "azure", name: "landed", model: model, jobID: job, sku: "Standard", capacity: 1,
                    createdAt: Date().timeIntervalSince1970))
            let portal = fixture.managementClient()
            _ = try await portal.createDeployment(name: "landed", model: model, sku: .standard, capacity: 1)
            // And one that died before its PUT went out.
            _ = try store.insertDeployment(
                DeploymentRecord(
                    account: "azure", name: "never-sent", model: model, jobID: job, sku: "Standard", capacity: 1,
                    createdAt: Date().timeIntervalSince1970))
            #expect(fixture.puts() == 1)

            daemon = try await fixture.startDaemon()
            let landed = try await fixture.waitForDeployment("landed") { $0.state == "Succeeded" }
            let sent = try await fixture.waitForDeployment("never-sent") { $0.state == "Succeeded" }
            #expect(landed.isActive && sent.isActive)
            #expect(fixture.puts() == 2, "the one that landed was adopted; the other was sent once")
            #expect(Set(fixture.simulator.deploymentStates().map(\.name)) == ["landed", "never-sent"])
            #expect(try daemon.store.deployments().count == 2)
            try await portal.shutdown()
        }
    }

    @Test func deployOnSuccessDeploysEachSucceededJobExactlyOnceAcrossARestart() async throws {
        try await withTearDown(of: try await AzureFixture(accountConfig: "DeployOnSuccess=Developer")) { fixture in
            _ = try await fixture.startDaemon()
            let (job, model) = try await fixture.succeededJob()
            let name = DeploymentName.derived(fromModel: model)
            let deployed = try await fixture.waitForDeployment(name) { $0.state == "Succeeded" }
            #expect(deployed.origin == "deploy_on_success")
            #expect(deployed.sku == "Developer")
            #expect(deployed.jobID == job)
            try await fixture.stopDaemon()
            let daemon = try await fixture.startDaemon()
            try await fixture.monitorPasses(3)
            #expect(fixture.puts() == 1)
            #expect(try daemon.store.deployments(includeEnded: true).count == 1)
            // Undeployed by the user, it stays undeployed.
            _ = try await daemon.deployments.undeploy(name: name, account: nil)
            try await fixture.monitorPasses()
            #expect(fixture.puts() == 1)
        }
    }

    @Test func aDeploymentAzureRemovesIsGoneAndTheJournalSaysWhy() async throws {
        try await withTearDown(of: try await AzureFixture()) { fixture in
            let daemon = try await fixture.startDaemon()
            let (job, _) = try await fixture.succeededJob()
            _ = try await deploy(daemon, job: job, name: "short-lived")
            _ = try await fixture.waitForDeployment("short-lived") { $0.state == "Succeeded" }
            // Make the settled deployment due for a look now.
            var record = try #require(try daemon.store.deployment(account: "azure", name: "short-lived"))
            record.checkedAt = 0
            try daemon.store.updateDeployment(record)
            fixture.simulator.removeDeployment(named: "short-lived")
            let gone = try await fixture.waitForDeployment("short-lived") { !$0.isActive }
            #expect(gone.state == DeploymentRecord.gone)
            #expect(fixture.journal.entries(.ended).first?.level == .warning)
        }
    }

    /// `Models.Deployments` on the control socket.
    func listed(_ fixture: AzureFixture) async throws -> [String: JSONValue] {
        let client = try await VarlinkClient.connect(to: fixture.socketPath)
        return try await withTearDown({ await client.close() }) {
            let reply = try await client.call("io.finetuned.Models.Deployments", parameters: [:])
            guard let first = reply["deployments"]?.arrayValue?.first?.objectValue else {
                throw FixtureError("no deployment listed")
            }
            return first
        }
    }

    @Test func theDaemonWarnsOnceBeforeTheInactivityDeletionAndShowsTheCostAsItsClockMoves() async throws {
        try await withTearDown(of: try await AzureFixture()) { fixture in
            let daemon = try await fixture.startDaemon()
            let (job, _) = try await fixture.succeededJob()
            _ = try await deploy(daemon, job: job, name: "idle", sku: "Standard")
            _ = try await fixture.waitForDeployment("idle") { $0.state == "Succeeded" }
            fixture.advanceClock(by: 10 * 3_600)
            let cost = try await listed(fixture)["hosting_cost_usd"]?.doubleValue ?? 0
            #expect(abs(cost - 17.0) < 0.05, "10 hours at $1.70/h: \(cost)")
            #expect(fixture.journal.entries(.inactivityWarning).isEmpty)

            fixture.advanceClock(by: 13 * 86_400)
            try await waitUntil { !fixture.journal.entries(.inactivityWarning).isEmpty }
            try await fixture.monitorPasses()
            let warnings = fixture.journal.entries(.inactivityWarning)
            #expect(warnings.count == 1, "once")
            #expect(warnings.first?.metadata["deployment"] == .string("idle"))
            let shown = try await listed(fixture)["warnings"]?.arrayValue?.compactMap { $0.stringValue } ?? []
            #expect(shown.count == 1 && shown[0].contains("15 days"), "\(shown)")
        }
    }

    @Test func theDaemonWarnsOnceBeforeADeveloperDeploymentsTwentyFourHoursEnd() async throws {
        try await withTearDown(of: try await AzureFixture()) { fixture in
            let daemon = try await fixture.startDaemon()
            let (job, _) = try await fixture.succeededJob()
            _ = try await deploy(daemon, job: job, name: "dev", sku: "Developer")
            _ = try await fixture.waitForDeployment("dev") { $0.state == "Succeeded" }
            #expect(try await listed(fixture)["hourly_usd"]?.doubleValue == 0)
            fixture.advanceClock(by: 21 * 3_600)
            try await fixture.monitorPasses()
            #expect(fixture.journal.entries(.lifetimeWarning).isEmpty)
            fixture.advanceClock(by: 1.5 * 3_600)
            try await waitUntil { !fixture.journal.entries(.lifetimeWarning).isEmpty }
            try await fixture.monitorPasses()
            #expect(fixture.journal.entries(.lifetimeWarning).count == 1)
            let shown = try await listed(fixture)["warnings"]?.arrayValue?.compactMap { $0.stringValue } ?? []
            #expect(shown.contains { $0.contains("24 hours") }, "\(shown)")
            #expect(fixture.journal.entries(.inactivityWarning).isEmpty, "the 24 hours end first")
        }
    }

    @Test func anEntraAccountDeploysWithAManagementTokenFromTheSameEntraSettings() async throws {
        let endpoint = try FakeTokenEndpoint()
        defer { endpoint.stop() }
        let secret = FileManager.default.temporaryDirectory.appendingPathComponent(
            "entra-secret-\(UUID().uuidString.prefix(6))"
        ).path
        try "client-secret-0123456789".write(toFile: secret, atomically: true, encoding: .utf8)
        chmod(secret, 0o600)
        defer { try? FileManager.default.removeItem(atPath: secret) }
        try await withTearDown(
            of: try await AzureFixture(
                accountConfig: """
                    AuthStyle=entra
                    EntraTenantID=tenant-1
                    EntraClientID=client-1
                    EntraClientSecretFile=\(secret)
                    EntraAuthorityHost=\(endpoint.url)
                    """, entra: true)
        ) { fixture in
            let daemon = try await fixture.startDaemon()
            let (job, _) = try await fixture.succeededJob()
            _ = try await deploy(daemon, job: job, name: "entra")
            _ = try await fixture.waitForDeployment("entra") { $0.state == "Succeeded" }
            let scopes = Set(endpoint.all.compactMap { $0.form["scope"] })
            #expect(scopes.contains(AzureScope.management), "\(scopes)")
            #expect(scopes.contains(AzureScope.cognitiveServices), "the data plane asked too: \(scopes)")
            #expect(
                endpoint.all.allSatisfy {
                    $0.path == "/tenant-1/oauth2/v2.0/token" && $0.form["client_id"] == "client-1"
                })
            #expect(
                endpoint.all.filter { $0.form["scope"] == AzureScope.management }.count == 1,
                "cached, not minted per request")
            #expect(fixture.tokens.scopes.withLock { $0 }.isEmpty, "the test's fixed token was not used")
        }
    }
}
