import Foundation
import OpenAISimulator
import Testing

/// The simulated Azure management plane on the wire, as the reference describes ARM (§3): PUT
/// answers 201 `Accepted` and is create-or-update, GET moves to `Succeeded` on the scaled
/// clock, the list is `{"value": [...]}`, DELETE answers 200 then 204; chat on the data plane
/// goes only through a deployment that has succeeded (404 `DeploymentNotFound` before).
@Suite struct ManagementPlaneWireTests {
    static let key = "azure-wire-key-0123456789"
    static let bearer = ["authorization": "Bearer any-management-token"]

    static func start() async throws -> OpenAISimulator {
        // 120 simulated seconds to provision: 2.4 s, so a request right after the PUT sees it not
        // yet provisioned even on a loaded machine.
        var configuration = SimulatorConfiguration(timeScale: 50, apiKey: key)
        configuration.dialect = .azure
        return try await OpenAISimulator.start(configuration)
    }

    static func url(_ simulator: OpenAISimulator, _ name: String? = nil, version: String? = "2024-10-01") -> URL {
        var path = "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/res/deployments"
        if let name { path += "/" + name }
        if let version { path += "?api-version=" + version }
        return URL(string: simulator.managementURL.absoluteString + path)!
    }

    static func put(
        _ simulator: OpenAISimulator, _ name: String, model: String, headers: [String: String] = bearer
    )
        async throws -> HTTP.Response
    {
        let body = try JSONSerialization.data(withJSONObject: [
            "sku": ["name": "Standard", "capacity": 1],
            "properties": ["model": ["format": "OpenAI", "name": model, "version": "1"]],
        ])
        return try await HTTP.request(
            "PUT", url(simulator, name), body: Array(body),
            headers: headers.merging(["content-type": "application/json"]) { $1 })
    }

    /// The fine-tuned model of a succeeded job, from the data plane's model list.
    static func fineTunedModel(_ simulator: OpenAISimulator) async throws -> String {
        let models = try await HTTP.request(
            "GET", URL(string: simulator.azureBaseURL.absoluteString + "/models?api-version=2024-10-21")!,
            headers: ["api-key": key])
        return try #require(
            (models.object["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
                .first { $0.contains(":") || $0.contains(".ft-") })
    }

    static func state(_ response: HTTP.Response) -> String? {
        (response.object["properties"] as? [String: Any])?["provisioningState"] as? String
    }

    @Test func aDeploymentIsAcceptedThenSucceedsAndChatGoesOnlyThroughIt() async throws {
        let simulator = try await Self.start()
        try await withTearDown({ try await simulator.shutdown() }) {
            _ = simulator.preloadJobs(count: 1, status: "succeeded")
            let model = try await Self.fineTunedModel(simulator)
            let chatURL = URL(
                string: simulator.azureBaseURL.absoluteString
                    + "/deployments/ta/chat/completions?api-version=2024-10-21")!
            let question = try JSONSerialization.data(withJSONObject: ["messages": [["role": "user", "content": "hi"]]])

            let created = try await Self.put(simulator, "ta", model: model)
            #expect(created.status == 201)
            #expect(Self.state(created) == "Accepted")
            #expect(created.object["type"] as? String == "Microsoft.CognitiveServices/accounts/deployments")
            let early = try await HTTP.request(
                "POST", chatURL, body: Array(question),
                headers: ["api-key": Self.key, "content-type": "application/json"])
            #expect(early.status == 404)
            #expect((early.object["error"] as? [String: Any])?["code"] as? String == "DeploymentNotFound")

            var state = Self.state(created)
            let deadline = Date().addingTimeInterval(30)
            while state != "Succeeded", Date() < deadline {
                try await Task.sleep(for: .milliseconds(50))
                state = Self.state(try await HTTP.request("GET", Self.url(simulator, "ta"), headers: Self.bearer))
            }
            #expect(state == "Succeeded")
            let chat = try await HTTP.request(
                "POST", chatURL, body: Array(question),
                headers: ["api-key": Self.key, "content-type": "application/json"])
            #expect(chat.status == 200)
            #expect(chat.object["model"] as? String == model)

            let list = try await HTTP.request("GET", Self.url(simulator), headers: Self.bearer)
            #expect((list.object["value"] as? [[String: Any]])?.map { $0["name"] as? String } == ["ta"])
            // PUT is create-or-update: a second one replaces, answering 200.
            #expect(try await Self.put(simulator, "ta", model: model).status == 200)
            #expect(try await HTTP.request("DELETE", Self.url(simulator, "ta"), headers: Self.bearer).status == 200)
            #expect(try await HTTP.request("DELETE", Self.url(simulator, "ta"), headers: Self.bearer).status == 204)
            #expect(try await HTTP.request("GET", Self.url(simulator, "ta"), headers: Self.bearer).status == 404)
        }
    }

    @Test func refusalsUseARMsEnvelope() async throws {
        let simulator = try await Self.start()
        try await withTearDown({ try await simulator.shutdown() }) {
            let noToken = try await Self.put(simulator, "x", model: "m", headers: [:])
            #expect(noToken.status == 401)
            let noVersion = try await HTTP.request("GET", Self.url(simulator, "x", version: nil), headers: Self.bearer)
            #expect(noVersion.status == 400)
            #expect((noVersion.object["error"] as? [String: Any])?["code"] as? String == "MissingApiVersionParameter")
            let unknownModel = try await Self.put(
                simulator, "x", model: "gpt-4o-mini.ft-00000000000000000000000000000000")
            #expect(unknownModel.status == 400)
            simulator.setManagementRole(granted: false)
            let forbidden = try await HTTP.request("GET", Self.url(simulator, "x"), headers: Self.bearer)
            #expect(forbidden.status == 403)
            let error = try #require(forbidden.object["error"] as? [String: Any])
            #expect(error["code"] as? String == "AuthorizationFailed")
            #expect(
                (error["message"] as? String)?.contains("Microsoft.CognitiveServices/accounts/deployments/read") == true
            )
        }
    }

    @Test func anInjectedFailureEndsProvisioningFailed() async throws {
        let simulator = try await Self.start()
        try await withTearDown({ try await simulator.shutdown() }) {
            _ = simulator.preloadJobs(count: 1, status: "succeeded")
            let model = try await Self.fineTunedModel(simulator)
            simulator.failNextDeployments(1)
            #expect(try await Self.put(simulator, "bad", model: model).status == 201)
            var state: String? = nil
            let deadline = Date().addingTimeInterval(30)
            while state != "Failed", Date() < deadline {
                try await Task.sleep(for: .milliseconds(50))
                state = Self.state(try await HTTP.request("GET", Self.url(simulator, "bad"), headers: Self.bearer))
            }
            #expect(state == "Failed")
        }
    }
}
