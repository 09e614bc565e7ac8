import Foundation
import OpenAIFineTuning
import Testing

@Suite struct PaginationTests {
    @Test func jobListsPageNewestFirstAndFilterOnMetadata() async throws {
        try await SimulatorFixture.with { fixture in
            let ids = fixture.simulator.preloadJobs(count: 250, status: "running")
            let tagged = fixture.simulator.preloadJobs(
                count: 3, status: "queued", metadata: ["finetuned_submission": "abc"])
            let all = try await fixture.client.allJobs(pageSize: 100).collect()
            #expect(all.map(\.id) == (ids + tagged).reversed())
            #expect(fixture.simulator.requestCounts()["GET /fine_tuning/jobs"] == 3)

            let found = try await fixture.client.listJobs(metadata: ["finetuned_submission": "abc"])
            #expect(found.data.map(\.id) == tagged.reversed())
            #expect(found.hasMore == false)
            let none = try await fixture.client.listJobs(metadata: ["finetuned_submission": "zzz"])
            #expect(none.data.isEmpty)
        }
    }

    @Test func fileListsCarryBoundsAndPage() async throws {
        try await SimulatorFixture.with { fixture in
            var uploaded: [String] = []
            for _ in 0..<5 { uploaded.append(try await fixture.uploadTrainingFile().id) }
            let page = try await fixture.client.listFiles(purpose: .fineTune, limit: 2)
            #expect(page.data.count == 2 && page.hasMore)
            #expect(page.firstID == page.data.first?.id && page.lastID == page.data.last?.id)
            let all = try await fixture.client.allFiles(purpose: .fineTune, pageSize: 2).collect()
            #expect(Set(all.map(\.id)) == Set(uploaded))
            #expect(try await fixture.client.deleteFile(uploaded[0]).deleted)
            let error = await #expect(throws: OpenAIError.self) {
                _ = try await fixture.client.retrieveFile(uploaded[0])
            }
            #expect(error?.status == 404)
        }
    }
}
