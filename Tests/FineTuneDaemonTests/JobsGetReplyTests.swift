import FinetunedTesting
import Foundation
import JobStore
import Testing
import Varlink

/// `Jobs.Get` answers from ready-made columns and writes its reply directly; `Jobs.List` still
/// derives each job from its stored API JSON through `Encodable`. Both must say the same.
@Suite(.serialized) struct JobsGetReplyTests {
    @Test func getSaysWhatListSaysAboutAJobWithItsMethodAndHyperparameters() async throws {
        try await withDaemon(timeScale: 10) { fixture in
            let id = try await fixture.createJobElsewhere(epochs: 3)
            let daemon = try await fixture.startDaemon()
            _ = try await daemon.track(jobID: id, account: nil)
            // Ended, so nothing about it changes between the two calls.
            _ = try await fixture.waitForStoredJob(id) { $0.status == .succeeded }

            let client = try await VarlinkClient.connect(to: fixture.socketPath)
            let got = try await client.call("io.finetuned.Jobs.Get", parameters: ["id": .string(id)])
            let listed = try await client.call("io.finetuned.Jobs.List", parameters: [:])
            await client.close()
            let job = try #require(got["job"]?.objectValue)
            let entries = try #require(listed["jobs"]?.arrayValue)
            let fromList = try #require(entries.compactMap(\.objectValue).first { $0["id"] == .string(id) })
            #expect(job["method"] == .string("supervised"))
            #expect(job["hyperparameters"]?["n_epochs"] == .integer(3))
            // Get alone names the local file a submission came from (none here); the rest is equal.
            #expect(job["submitted_file"] == nil)
            #expect(job == fromList)
        }
    }

    @Test func getPricesTheJobAtTheConfiguredTrainingPrice() async throws {
        // 1000 USD per 1M tokens: far from any shipped price, so only the configured one gives it.
        try await withDaemon(timeScale: 10, extraConfig: "\n[Pricing]\nTrainingPrice=gpt-4o-mini 1000\n") {
            fixture in
            let id = try await fixture.createJobElsewhere()
            let daemon = try await fixture.startDaemon()
            _ = try await daemon.track(jobID: id, account: nil)
            _ = try await fixture.waitForStoredJob(id) { $0.status == .succeeded && $0.trainedTokens != nil }

            let client = try await VarlinkClient.connect(to: fixture.socketPath)
            let got = try await client.call("io.finetuned.Jobs.Get", parameters: ["id": .string(id)])
            await client.close()
            let job = try #require(got["job"]?.objectValue)
            let tokens = try #require(job["trained_tokens"]?.integerValue)
            let cost = try #require(job["estimated_cost"]?.doubleValue)
            #expect(abs(cost - Double(tokens) * 1000 / 1_000_000) < 1e-9)
        }
    }
}
