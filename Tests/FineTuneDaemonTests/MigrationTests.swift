@testable import FineTuneDaemon
import FinetunedTesting
import Foundation
import JobStore
import OpenAIFineTuning
import OpenAISimulator
@testable import TrainingData
import Testing
import Varlink

/// `Jobs.Migrate` against two simulator accounts (OpenAI mode both: the Azure-mode simulator is
/// issue 10, part A's): same bytes, same resolved hyperparameters, linked jobs, exactly one job.
@Suite(.serialized) struct MigrationTests {
    /// Stands in for the content-addressed store of issue 8, part A: the submitted file itself.
    struct SubmittedFileAsKeptCopy: KeptTrainingData {
        func keptCopy(of submission: SubmissionRecord) -> KeptCopy? {
            KeptCopy(trainingFile: submission.trainingFilePath, validationFile: submission.validationFilePath)
        }
    }

    /// A daemon with accounts `sim` (the fixture's simulator) and `target` (a second simulator).
    static func twoAccounts(extraConfig: String = "") async throws -> (DaemonFixture, OpenAISimulator) {
        let target = try await OpenAISimulator.start(.init(timeScale: 100, apiKey: DaemonFixture.apiKey))
        let fixture = try await DaemonFixture(
            extraConfig: extraConfig,
            accountConfig: """

                [Account]
                Name=target
                BaseURL=\(target.baseURL.absoluteString)
                MaxRetries=8
                RequestTimeoutSec=10s
                """)
        return (fixture, target)
    }

    /// A job submitted through the daemon on `sim`, succeeded.
    static func succeededJob(_ fixture: DaemonFixture, _ daemon: Daemon) async throws -> JobRecord {
        let request = SubmissionRequest(
            training_file: SubmissionRecoveryTests.sample, model: "gpt-4o-mini",
            method: "supervised", suffix: "tutor", seed: 42)
        let submission = try daemon.createSubmission(request, requestedBy: nil)
        let job = try await daemon.runSubmission(submission, request: request) { _ in }
        return try await fixture.waitForStoredJob(job.id) { $0.status == .succeeded }
    }

    static func migrate(
        _ fixture: DaemonFixture, _ parameters: [String: JSONValue]
    ) async throws
        -> [String: JSONValue]
    {
        let client = try await VarlinkClient.connect(to: fixture.socketPath)
        return try await withTearDown({ await client.close() }) {
            return try await client.call("io.finetuned.Jobs.Migrate", parameters: parameters)
        }
    }

    static func client(_ simulator: OpenAISimulator) -> OpenAIClient {
        OpenAIClient(account: .init(baseURL: simulator.baseURL, apiKey: APIKey(DaemonFixture.apiKey)))
    }

    @Test func aSucceededJobMovesWithTheSameBytesAndHyperparametersAndTheJobsAreLinked() async throws {
        let (fixture, target) = try await Self.twoAccounts()
        try await withTearDown({
            await fixture.tearDown(); try? await target.shutdown()
        }) {
            fixture.keptTrainingData = SubmittedFileAsKeptCopy()
            let daemon = try await fixture.startDaemon()
            let original = try await Self.succeededJob(fixture, daemon)

            let reply = try await Self.migrate(fixture, ["id": .string(original.id), "to": .string("target")])
            #expect(reply["state"]?.stringValue == "created")
            let newID = try #require(reply["job"]?["id"]?.stringValue)
            #expect(reply["job"]?["account"]?.stringValue == "target")

            // The same bytes reached the target (what each simulator stored).
            let source = Self.client(fixture.simulator)
            let destination = Self.client(target)
            try await withTearDown({
                try? await source.shutdown(); try? await destination.shutdown()
            }) {
                let old = try await source.retrieveJob(original.id)
                let new = try await destination.retrieveJob(newID)
                let oldBytes = try await source.fileContent(old.trainingFile)
                let newBytes = try await destination.fileContent(new.trainingFile)
                #expect(newBytes == oldBytes)
                // The hyperparameters the original resolved, sent explicitly; the seed and suffix kept.
                let resolved = try #require(old.method?.hyperparameters)
                #expect(
                    resolved.nEpochs?.value != nil && resolved.batchSize?.value != nil
                        && resolved.learningRateMultiplier?.value != nil)
                #expect(new.method?.hyperparameters?.nEpochs?.value == resolved.nEpochs?.value)
                #expect(new.method?.hyperparameters?.batchSize?.value == resolved.batchSize?.value)
                #expect(
                    new.method?.hyperparameters?.learningRateMultiplier?.value == resolved.learningRateMultiplier?.value
                )
                #expect(new.seed == 42 && new.userProvidedSuffix == "tutor" && new.model.hasPrefix("gpt-4o-mini"))
                #expect(new.metadata?[MigrationPlan.migratedFromKey] == original.id)

                // Linked both ways, in Get and List.
                let client = try await VarlinkClient.connect(to: fixture.socketPath)
                let getOld = try await client.call("io.finetuned.Jobs.Get", parameters: ["id": .string(original.id)])
                #expect(getOld["job"]?["migrated_to"]?.arrayValue?.compactMap(\.stringValue) == [newID])
                let getNew = try await client.call("io.finetuned.Jobs.Get", parameters: ["id": .string(newID)])
                #expect(getNew["job"]?["migrated_from"]?.stringValue == original.id)
                let list = try await client.call("io.finetuned.Jobs.List", parameters: [:])
                let listed = list["jobs"]?.arrayValue ?? []
                #expect(
                    listed.contains {
                        $0["id"]?.stringValue == newID && $0["migrated_from"]?.stringValue == original.id
                    })
                await client.close()

                // Asked again: the same migration, no second job.
                let again = try await Self.migrate(fixture, ["id": .string(original.id), "to": .string("target")])
                #expect(again["job"]?["id"]?.stringValue == newID)
                #expect(try await destination.listJobs().data.count == 1)
            }
        }
    }

    @Test func anAdoptedJobNeedsTheTrainingFile() async throws {
        let (fixture, target) = try await Self.twoAccounts()
        try await withTearDown({
            await fixture.tearDown(); try? await target.shutdown()
        }) {
            let daemon = try await fixture.startDaemon()
            let id = try await fixture.createJobElsewhere()
            _ = try await daemon.track(jobID: id, account: nil)
            _ = try await fixture.waitForStoredJob(id) { $0.status == .succeeded }
            await #expect(throws: VarlinkError.self) {
                _ = try await Self.migrate(fixture, ["id": .string(id), "to": .string("target")])
            }
            do {
                _ = try await Self.migrate(fixture, ["id": .string(id), "to": .string("target")])
            } catch let error as VarlinkError {
                #expect(error.name == "io.finetuned.Jobs.TrainingFileNeeded")
                #expect(error.parameters["message"]?.stringValue?.contains("--training-file") == true)
            }
            #expect(target.requestCounts()["POST /files", default: 0] == 0)
            let reply = try await Self.migrate(
                fixture,
                [
                    "id": .string(id), "to": .string("target"),
                    "training_file": .string(SubmissionRecoveryTests.sample),
                ])
            #expect(reply["state"]?.stringValue == "created")
        }
    }

    @Test func aBaseTheTargetCannotFineTuneIsRefusedListingTheOnesItCan() async throws {
        // Both bases of the gpt-4o-mini family shut down (ModelShutdown=): no equivalent is left.
        let (fixture, target) = try await Self.twoAccounts(
            extraConfig: """

                [Retirement]
                ModelShutdown=gpt-4o-mini-2024-07-18 2026-01-01
                ModelShutdown=gpt-4.1-mini-2025-04-14 2026-01-01
                [Daemon]
                """)
        try await withTearDown({
            await fixture.tearDown(); try? await target.shutdown()
        }) {
            fixture.keptTrainingData = SubmittedFileAsKeptCopy()
            fixture.clock = { Date(timeIntervalSince1970: 1_795_000_000) }  // 2026-11-18
            let daemon = try await fixture.startDaemon()
            let original = try await Self.succeededJob(fixture, daemon)
            do {
                _ = try await Self.migrate(fixture, ["id": .string(original.id), "to": .string("target")])
                Issue.record("expected NoEquivalentModel")
            } catch let error as VarlinkError {
                #expect(error.name == "io.finetuned.Jobs.NoEquivalentModel")
                let bases = error.parameters["fine_tunable"]?.arrayValue?.compactMap(\.stringValue) ?? []
                #expect(bases.contains("gpt-4.1-2025-04-14") && !bases.contains("gpt-4o-mini-2024-07-18"))
            }
            // --model picks one it can.
            let reply = try await Self.migrate(
                fixture,
                [
                    "id": .string(original.id), "to": .string("target"), "model": .string("gpt-4.1-nano"),
                ])
            #expect(reply["job"]?["model"]?.stringValue?.hasPrefix("gpt-4.1-nano") == true)
            // Bad input, said plainly.
            await #expect(throws: VarlinkError.self) {
                _ = try await Self.migrate(fixture, ["id": .string(original.id), "to": .string("nowhere")])
            }
            await #expect(throws: VarlinkError.self) {
                _ = try await Self.migrate(fixture, ["id": .string(original.id), "to": .string("sim")])
            }
        }
    }

    @Test func aJobThatHasNotSucceededIsNotMigrated() async throws {
        let (fixture, target) = try await Self.twoAccounts()
        try await withTearDown({
            await fixture.tearDown(); try? await target.shutdown()
        }) {
            let daemon = try await fixture.startDaemon()
            let id = try await fixture.createJobElsewhere(badLine: 3)
            _ = try await daemon.track(jobID: id, account: nil)
            _ = try await fixture.waitForStoredJob(id) { $0.isTerminal }
            do {
                _ = try await Self.migrate(
                    fixture,
                    [
                        "id": .string(id), "to": .string("target"),
                        "training_file": .string(SubmissionRecoveryTests.sample),
                    ])
                Issue.record("expected MigrationRefused")
            } catch let error as VarlinkError {
                #expect(error.name == "io.finetuned.Jobs.MigrationRefused")
            }
        }
    }

    /// OpenAI → an Azure-style account (the simulator's Azure model list, with capabilities and
    /// deprecation; its Azure paths and api-key): refused once Azure's training has ended, carried
    /// out while it is open. (The full Azure data plane is issue 10, part A's.)
    @Test func toAnAzureAccountOnlyWhileItsTrainingIsOpen() async throws {
        var configuration = SimulatorConfiguration(timeScale: 100, apiKey: DaemonFixture.apiKey)
        configuration.dialect = .azure
        let target = try await OpenAISimulator.start(configuration)
        let fixture = try await DaemonFixture(
            accountConfig: """

                [Account]
                Name=azure
                BaseURL=\(target.azureBaseURL.absoluteString)
                AuthStyle=azure
                APIVersion=2024-10-21
                MaxRetries=8
                RequestTimeoutSec=10s
                """)
        try await withTearDown({
            await fixture.tearDown(); try? await target.shutdown()
        }) {
            fixture.keptTrainingData = SubmittedFileAsKeptCopy()
            let today = RetirementCheckTests.TestClock("2026-11-28")
            fixture.clock = { today.date }
            let daemon = try await fixture.startDaemon()
            let original = try await Self.succeededJob(fixture, daemon)

            // Microsoft's table: gpt-4o-mini training ended 2026-03-31, the gpt-4.1 family's 2026-10-14.
            do {
                _ = try await Self.migrate(fixture, ["id": .string(original.id), "to": .string("azure")])
                Issue.record("expected NoEquivalentModel")
            } catch let error as VarlinkError {
                #expect(error.name == "io.finetuned.Jobs.NoEquivalentModel")
                let bases = error.parameters["fine_tunable"]?.arrayValue?.compactMap(\.stringValue) ?? []
                #expect(
                    !bases.contains("gpt-4o-mini-2024-07-18") && !bases.contains("gpt-4.1-mini-2025-04-14"), "\(bases)")
                #expect(!bases.contains("gpt-4.1-2025-04-14") && !bases.isEmpty, "\(bases)")
            }
            #expect(target.requestCounts()["POST /files", default: 0] == 0)

            today.set("2026-03-01")
            let reply = try await Self.migrate(fixture, ["id": .string(original.id), "to": .string("azure")])
            #expect(reply["state"]?.stringValue == "created")
            #expect(reply["job"]?["account"]?.stringValue == "azure")
            #expect(reply["job"]?["model"]?.stringValue?.hasPrefix("gpt-4o-mini") == true)
            let newID = try #require(reply["job"]?["id"]?.stringValue)

            // A model on Azure answers only through a deployment (issue 10, part B): said plainly.
            let migrated = try await fixture.waitForStoredJob(newID) { $0.status == .succeeded }
            let client = try await VarlinkClient.connect(to: fixture.socketPath)
            try await withTearDown({ await client.close() }) {
                do {
                    _ = try await client.call(
                        "io.finetuned.Models.Chat",
                        parameters: [
                            "job": .string(migrated.id),
                            "messages": .array([.object(["role": .string("user"), "content": .string("Hi")])]),
                        ])
                    Issue.record("expected DeploymentRefused")
                } catch let error as VarlinkError {
                    // On Azure a model answers only through a deployment, and chat never makes one.
                    #expect(error.name == "io.finetuned.Models.DeploymentRefused")
                    #expect(
                        error.parameters["message"]?.stringValue?.contains("finetunectl deploy") == true, "\(error)")
                }
            }
        }
    }
}
