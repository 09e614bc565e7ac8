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
}
