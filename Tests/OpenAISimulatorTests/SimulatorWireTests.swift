import Foundation
import OpenAISimulator
import Testing

/// The simulator's answers on the wire: envelopes, headers, auth, admin API, persistence.
@Suite struct SimulatorWireTests {
    @Test func answersCarryTheRealHeaders() async throws {
        let simulator = try await OpenAISimulator.start(.init())
        try await withTearDown({ try await simulator.shutdown() }) {
            let response = try await HTTP.request("GET", simulator.baseURL.appendingPathComponent("models"))
            #expect(response.status == 200)
            #expect(response.headers["x-request-id"]?.hasPrefix("req_") == true)
            #expect(response.headers["x-request-id"]?.count == 36)
            #expect(response.headers["openai-processing-ms"].flatMap(Int.init) != nil)
            #expect(response.headers["openai-version"] == "2020-10-01")
            for name in [
                "limit-requests", "remaining-requests", "reset-requests", "limit-tokens", "remaining-tokens",
                "reset-tokens",
            ] {
                #expect(response.headers["x-ratelimit-\(name)"] != nil, "x-ratelimit-\(name)")
            }
            #expect(response.object["object"] as? String == "list")
            #expect(response.object["has_more"] == nil, "/models is not paginated")
        }
    }

    @Test func authenticationFailuresUseTheErrorEnvelopeAndMaskTheKey() async throws {
        let simulator = try await OpenAISimulator.start(.init(apiKey: "sk-right-0123456789"))
        try await withTearDown({ try await simulator.shutdown() }) {
            let url = simulator.baseURL.appendingPathComponent("models")
            let missing = try await HTTP.request("GET", url)
            #expect(missing.status == 401)
            let wrong = try await HTTP.request("GET", url, headers: ["authorization": "Bearer sk-wrong-abcdefghij"])
            let error = wrong.object["error"] as? [String: Any]
            #expect(wrong.status == 401 && error?["code"] as? String == "invalid_api_key")
            #expect(error?.keys.sorted() == ["code", "message", "param", "type"])
            let message = error?["message"] as? String ?? ""
            #expect(!message.contains("sk-wrong-abcdefghij") && message.contains("ghij"))
            let right = try await HTTP.request("GET", url, headers: ["authorization": "Bearer sk-right-0123456789"])
            #expect(right.status == 200)
            let azure = try await HTTP.request(
                "GET", simulator.azureBaseURL.appendingPathComponent("models"),
                headers: ["api-key": "sk-right-0123456789"])
            #expect(azure.status == 404, "Azure style wants api-version")
        }
    }

    @Test func malformedRequestsGetClearErrors() async throws {
        let simulator = try await OpenAISimulator.start(.init())
        try await withTearDown({ try await simulator.shutdown() }) {
            let jobs = simulator.baseURL.appendingPathComponent("fine_tuning/jobs")
            let notJSON = try await HTTP.request("POST", jobs, body: Array("{nope".utf8))
            #expect(notJSON.status == 400)
            let noModel = try await HTTP.json("POST", jobs, ["training_file": "file-x"])
            #expect((noModel.object["error"] as? [String: Any])?["param"] as? String == "model")
            let badFile = try await HTTP.json("POST", jobs, ["model": "gpt-4o-mini", "training_file": "file-x"])
            #expect((badFile.object["error"] as? [String: Any])?["param"] as? String == "training_file")
            let unknownModel = try await HTTP.json("POST", jobs, ["model": "gpt-9", "training_file": "file-x"])
            #expect(unknownModel.status == 400)
            let unknownPath = try await HTTP.request("GET", simulator.baseURL.appendingPathComponent("nothing/here"))
            #expect(unknownPath.status == 404)
            let notJSONL = try await HTTP.upload(
                simulator.baseURL.appendingPathComponent("files"),
                filename: "data.csv", content: "a,b")
            #expect(notJSONL.status == 400)
        }
    }

    @Test func stateSurvivesARestart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sim-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try await OpenAISimulator.start(.init(timeScale: 1000, dataDirectory: directory))
        let file = try await HTTP.upload(
            first.baseURL.appendingPathComponent("files"),
            filename: "t.jsonl", content: HTTP.trainingLines(12))
        let fileID = try #require(file.object["id"] as? String)
        let job = try await HTTP.json(
            "POST", first.baseURL.appendingPathComponent("fine_tuning/jobs"),
            ["model": "gpt-4o-mini", "training_file": fileID])
        let jobID = try #require(job.object["id"] as? String)
        try await first.shutdown()

        let second = try await OpenAISimulator.start(.init(timeScale: 1000, dataDirectory: directory))
        try await withTearDown({ try await second.shutdown() }) {
            let again = try await HTTP.request(
                "GET", second.baseURL.appendingPathComponent("fine_tuning/jobs/\(jobID)"))
            #expect(again.status == 200)
            let content = try await HTTP.request(
                "GET", second.baseURL.appendingPathComponent("files/\(fileID)/content"))
            #expect(String(decoding: content.body, as: UTF8.self) == HTTP.trainingLines(12))
        }
    }

    @Test func theAdminAPIForcesOutcomesPreloadsAndCounts() async throws {
        let simulator = try await OpenAISimulator.start(.init())
        try await withTearDown({ try await simulator.shutdown() }) {
            let preload = try await HTTP.json(
                "POST", simulator.adminURL.appendingPathComponent("preload"),
                ["count": 1000, "status": "running"])
            let ids = try #require(preload.object["ids"] as? [String])
            #expect(ids.count == 1000 && Set(ids).count == 1000)
            let forced = try await HTTP.json(
                "POST", simulator.adminURL.appendingPathComponent("jobs/\(ids[0])/outcome"),
                ["status": "failed", "error": ["code": "server_error", "message": "boom"]])
            #expect(forced.object["status"] as? String == "failed")
            let job = try await HTTP.request(
                "GET", simulator.baseURL.appendingPathComponent("fine_tuning/jobs/\(ids[0])"))
            #expect((job.object["error"] as? [String: Any])?["message"] as? String == "boom")
            let stats = try await HTTP.request("GET", simulator.adminURL.appendingPathComponent("stats"))
            #expect((stats.object["counts"] as? [String: Int])?["GET /fine_tuning/jobs/{id}"] == 1)
            #expect(stats.object["jobs"] as? Int == 1000)
            let faults = try await HTTP.json(
                "POST", simulator.adminURL.appendingPathComponent("faults"),
                ["rules": [["kind": "status", "status": 503, "count": 1]]])
            #expect(faults.status == 200)
            #expect(try await HTTP.request("GET", simulator.baseURL.appendingPathComponent("models")).status == 503)
            #expect(try await HTTP.request("GET", simulator.baseURL.appendingPathComponent("models")).status == 200)
        }
    }

    @Test func theSameSeedFailsTheSameRequests() async throws {
        func pattern(seed: UInt64) async throws -> [Int] {
            let simulator = try await OpenAISimulator.start(
                .init(
                    faults: .init(
                        seed: seed,
                        rules: [
                            .init(kind: .status, probability: 0.3, status: 500)
                        ])))
            var statuses: [Int] = []
            for _ in 0..<40 {
                statuses.append(
                    try await HTTP.request("GET", simulator.baseURL.appendingPathComponent("models")).status)
            }
            try await simulator.shutdown()
            return statuses
        }
        let first = try await pattern(seed: 7)
        #expect(first.contains(500) && first.contains(200))
        #expect(try await pattern(seed: 7) == first)
        #expect(try await pattern(seed: 8) != first)
    }
}
