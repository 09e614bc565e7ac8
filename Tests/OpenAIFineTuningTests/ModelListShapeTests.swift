import FinetunedTesting
import Foundation
import OpenAIFineTuning
import OpenAISimulator
import Testing

/// The models list in both services' shapes: OpenAI's `created`, `owned_by`, `shutdown_date`;
/// Azure's `created_at`, `capabilities`, `lifecycle_status`, `deprecation` (Unix seconds).
@Suite struct ModelListShapeTests {
    @Test func azuresFieldsReachTheClient() async throws {
        var configuration = SimulatorConfiguration(apiKey: SimulatorFixture.apiKey)
        configuration.dialect = .azure
        let simulator = try await OpenAISimulator.start(configuration)
        // Azure's v1 API: /openai/v1, the api-key header, no api-version.
        let client = OpenAIClient(
            account: .init(
                baseURL: simulator.azureBaseURL.appendingPathComponent("v1"), authStyle: .azure(apiVersion: nil),
                apiKey: APIKey(SimulatorFixture.apiKey)))
        try await withTearDown({
            try? await client.shutdown(); try? await simulator.shutdown()
        }) {
            let models = try await client.listModels()
            let gpt41 = try #require(models.first { $0.id == "gpt-4.1-2025-04-14" })
            #expect(gpt41.capabilities?.fineTune == true)
            #expect(gpt41.ownedBy == nil && gpt41.created > 0)
            // Microsoft's table of 2025-12-16: training ends 2026-10-14, inference a year later.
            #expect(gpt41.deprecation?.fineTune == 1_791_936_000)
            #expect(gpt41.deprecation?.inference == 1_823_472_000)
            #expect(gpt41.lifecycleStatus == "deprecating")
        }
    }

    @Test func openAIsShapeIsUnchanged() async throws {
        let simulator = try await OpenAISimulator.start(.init(apiKey: SimulatorFixture.apiKey))
        let client = OpenAIClient(account: .init(baseURL: simulator.baseURL, apiKey: APIKey(SimulatorFixture.apiKey)))
        try await withTearDown({
            try? await client.shutdown(); try? await simulator.shutdown()
        }) {
            let models = try await client.listModels()
            let babbage = try #require(models.first { $0.id == "babbage-002" })
            #expect(babbage.ownedBy == "system" && babbage.shutdownDate == "2027-01-27")
            #expect(babbage.capabilities == nil && babbage.deprecation == nil)
        }
    }

    @Test func fineTunedNamesAreRecognisedInBothSpellings() {
        #expect(Model(id: "ft:gpt-4o-mini-2024-07-18:org::abc", created: 0).isFineTuned)
        #expect(Model(id: "gpt-4o-mini-2024-07-18.ft-0123abcd", created: 0).isFineTuned)
        #expect(!Model(id: "gpt-4o-mini-2024-07-18", created: 0).isFineTuned)
    }
}
