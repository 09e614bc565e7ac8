import Foundation
import OpenAIFineTuning
import Testing

@Suite struct AccountAndSecrecyTests {
    @Test func theKeyIsNeverPrintedLoggedOrPutInErrors() async throws {
        let wrongKey = "sk-test-WRONG-KEY-0123456789abcdef"
        try await SimulatorFixture.with(presentedKey: wrongKey) { fixture in
            let error = await #expect(throws: OpenAIError.self) { _ = try await fixture.client.listModels() }
            #expect(error?.status == 401 && error?.code == "invalid_api_key" && error?.isFinal == true)
            let texts =
                [
                    String(describing: error!), error!.message, "\(fixture.client.account)",
                    String(reflecting: fixture.client.account),
                ] + fixture.logs.all
            #expect(!fixture.logs.all.isEmpty, "the client did log the request")
            for text in texts {
                #expect(!text.contains(wrongKey))
                #expect(!text.contains(SimulatorFixture.apiKey))
            }
        }
    }

    @Test func aKeyCannotBeDescribedDumpedOrReflected() {
        let key = APIKey("sk-live-abcdefghijklmnop")
        var dumped = ""
        dump(key, to: &dumped)
        for text in [key.description, key.debugDescription, "\(key)", String(reflecting: key), dumped] {
            #expect(!text.contains("abcdefghijklmnop"))
        }
        #expect(key.redact("echoed: sk-live-abcdefghijklmnop!") == "echoed: [redacted]!")
    }

    @Test func organizationAndProjectHeadersAreSent() async throws {
        try await SimulatorFixture.with(organization: "org-123", project: "proj_456") { fixture in
            _ = try await fixture.client.listModels()
            let record = try #require(fixture.simulator.requestLog().last)
            #expect(record.organization == "org-123" && record.project == "proj_456")
        }
    }

    @Test func azureStyleAuthUsesTheApiKeyHeaderAndApiVersion() async throws {
        try await SimulatorFixture.with(authStyle: .azure(apiVersion: "2024-10-21")) { fixture in
            let file = try await fixture.uploadTrainingFile()
            let job = try await fixture.client.createJob(.init(model: "gpt-4o-mini", trainingFile: file.id))
            #expect(try await fixture.client.retrieveJob(job.id).id == job.id)
        }
    }
}
