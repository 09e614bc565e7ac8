import Foundation
import OpenAISimulator
import Testing

/// The simulated Azure's answers on the wire, checked against the reference
/// (`../shared/reference/azure-openai-fine-tuning.md` §1, §1.4): which api-versions it serves,
/// the dated API's error envelope, and the admin count of tokens its tenant issued.
@Suite struct AzureWireTests {
    private static func start() async throws -> OpenAISimulator {
        var configuration = SimulatorConfiguration()
        configuration.dialect = .azure
        return try await OpenAISimulator.start(configuration)
    }

    private static func url(_ simulator: OpenAISimulator, _ pathAndQuery: String) -> URL {
        URL(string: simulator.rootURL.absoluteString + pathAndQuery)!
    }

    @Test func anUnservedAPIVersionIsRefusedAndServedOnesAnswer() async throws {
        let simulator = try await Self.start()
        try await withTearDown({ try await simulator.shutdown() }) {
            for served in [
                "/openai/fine_tuning/jobs?api-version=2024-10-21",
                "/openai/fine_tuning/jobs?api-version=2025-04-01-preview",
                "/openai/v1/fine_tuning/jobs", "/openai/v1/fine_tuning/jobs?api-version=preview",
            ] {
                #expect(try await HTTP.request("GET", Self.url(simulator, served)).status == 200, "\(served)")
            }
            for unserved in [
                "/openai/fine_tuning/jobs?api-version=latest",
                "/openai/fine_tuning/jobs?api-version=2024-10-2x",
                "/openai/v1/fine_tuning/jobs?api-version=2024-10-21",
            ] {
                let refused = try await HTTP.request("GET", Self.url(simulator, unserved))
                let error = refused.object["error"] as? [String: Any]
                #expect(refused.status == 400, "\(unserved)")
                #expect(error?["code"] as? String == "BadRequest")
                #expect(error?["message"] as? String == "API version not supported")
            }
        }
    }

    @Test func aJobThatDoesNotExistIsNotFoundInEachAPIsOwnEnvelope() async throws {
        let simulator = try await Self.start()
        try await withTearDown({ try await simulator.shutdown() }) {
            let dated = try await HTTP.request(
                "GET",
                Self.url(
                    simulator, "/openai/fine_tuning/jobs/ftjob-0123456789abcdef0123456789abcdef?api-version=2024-10-21")
            )
            let legacy = dated.object["error"] as? [String: Any]
            #expect(dated.status == 404)
            #expect(legacy?["code"] as? String == "notFound", "the object is gone, not the URL")
            #expect(legacy?.keys.sorted() == ["code", "details", "message", "target"])
            #expect(legacy?["target"] as? String == "fine_tuning_job_id")

            let v1 = try await HTTP.request(
                "GET", Self.url(simulator, "/openai/v1/fine_tuning/jobs/ftjob-0123456789abcdef0123456789abcdef"))
            #expect(v1.status == 404)
            #expect((v1.object["error"] as? [String: Any])?.keys.sorted() == ["code", "message", "param", "type"])

            let noVersion = try await HTTP.request(
                "GET", Self.url(simulator, "/openai/fine_tuning/jobs/ftjob-0123456789abcdef0123456789abcdef"))
            let gateway = noVersion.object["error"] as? [String: Any]
            #expect(noVersion.status == 404)
            #expect(gateway?["code"] as? String == "404" && gateway?["message"] as? String == "Resource not found")
        }
    }

    @Test func theAdminAPICountsTheTokensTheTenantIssued() async throws {
        let simulator = try await Self.start()
        try await withTearDown({ try await simulator.shutdown() }) {
            let token = Self.url(simulator, "/sim-tenant/oauth2/v2.0/token")
            func sign(in secret: String) async throws -> Int {
                let form =
                    "grant_type=client_credentials&client_id=sim-client"
                    + "&scope=https%3A%2F%2Fcognitiveservices.azure.com%2F.default&client_secret=\(secret)"
                return try await HTTP.request(
                    "POST", token, body: Array(form.utf8),
                    headers: ["content-type": "application/x-www-form-urlencoded"]
                ).status
            }
            #expect(try await sign(in: "sim-secret") == 200)
            #expect(try await sign(in: "wrong") == 401)
            #expect(try await sign(in: "sim-secret") == 200)
            let stats = try await HTTP.request("GET", Self.url(simulator, "/admin/stats"))
            #expect(stats.object["tokens_minted"] as? Int == 2, "refused sign-ins mint nothing")
            #expect((stats.object["counts"] as? [String: Any])?["POST /{tenant}/oauth2/v2.0/token"] as? Int == 3)
        }
    }
}
