import Foundation
import OpenAIFineTuning
import OpenAISimulator
import Testing

/// Every fault kind the simulator injects, against the client's retry and gate logic.
@Suite struct FaultToleranceTests {
    static let retrieve = "GET /fine_tuning/jobs/{id}"

    /// The requests the simulator saw for `endpoint`, in order.
    func arrivals(_ fixture: SimulatorFixture, _ endpoint: String) -> [RequestRecord] {
        fixture.simulator.requestLog().filter { $0.endpoint == endpoint }
    }

    @Test(arguments: [429, 500, 502, 503])
    func transientStatusesAreRetried(status: Int) async throws {
        try await SimulatorFixture.with { fixture in
            let id = fixture.simulator.preloadJobs(count: 1)[0]
            fixture.simulator.setFaults(
                .init(rules: [
                    .init(kind: .status, endpoint: Self.retrieve, count: 2, status: status)
                ]))
            let fetched = try await fixture.client.retrieveJob(id)
            #expect(fetched.id == id)
            #expect(arrivals(fixture, Self.retrieve).map(\.status) == [status, status, 200])
        }
    }

    @Test func noRequestPrecedesAnAnnouncedRetryAfter() async throws {
        try await SimulatorFixture.with { fixture in
            let id = fixture.simulator.preloadJobs(count: 1)[0]
            fixture.simulator.setFaults(
                .init(rules: [
                    .init(kind: .status, endpoint: Self.retrieve, count: 1, status: 429, retryAfter: 1),
                    .init(kind: .status, endpoint: Self.retrieve, count: 1, status: 503, retryAfterMs: 600),
                ]))
            let fetched = try await fixture.client.retrieveJob(id)
            #expect(fetched.id == id)
            let seen = arrivals(fixture, Self.retrieve)
            #expect(seen.map(\.status) == [429, 503, 200])
            #expect(seen[1].receivedAt - seen[0].receivedAt >= 1.0)
            #expect(seen[2].receivedAt - seen[1].receivedAt >= 0.6)
        }
    }

    @Test func aRateLimitHoldsBackEveryRequestOfTheAccount() async throws {
        try await SimulatorFixture.with { fixture in
            let id = fixture.simulator.preloadJobs(count: 1)[0]
            fixture.simulator.setFaults(
                .init(rules: [
                    .init(kind: .status, endpoint: "GET /models", count: 1, status: 429, retryAfter: 2)
                ]))
            async let models = fixture.client.listModels()
            // Wait until the client has read the 429, then ask for something else on the account.
            // The wait is bounded: on a loaded machine this task can wake after the gate has
            // opened again, and an unbounded loop would then spin forever (it once hung the
            // whole test run).
            let deadline = ContinuousClock.now + .seconds(10)
            while await fixture.client.backoffRemaining == .zero, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(1))
            }
            let askedAt = Date().timeIntervalSince1970
            let limitedAt = try #require(fixture.simulator.requestLog().first { $0.status == 429 }).receivedAt
            try #require(askedAt - limitedAt < 2.0, "the other request was asked while the gate was closed")
            _ = try await fixture.client.retrieveJob(id)
            _ = try await models
            let other = try #require(arrivals(fixture, Self.retrieve).first)
            #expect(other.receivedAt - limitedAt >= 2.0, "the other request waited at the account's gate")
            #expect(await fixture.client.rateLimit?.limitRequests == 10_000)
        }
    }

    @Test func aRequestsPerMinuteLimitLongerThanAllowedIsReportedWithItsWait() async throws {
        let patient = RetryPolicy(initialBackoff: .milliseconds(50), maxAnnouncedWait: .seconds(5))
        try await SimulatorFixture.with(retry: patient) { fixture in
            let id = fixture.simulator.preloadJobs(count: 1)[0]
            // 3 per minute: the 4th request gets a 429 whose wait (~60 s) is longer than this
            // policy sits out, so the client gives up with the announced wait in the error.
            fixture.simulator.setFaults(.init(requestsPerMinute: 3))
            for _ in 0..<3 { _ = try await fixture.client.retrieveJob(id) }
            let error = await #expect(throws: OpenAIError.self) { _ = try await fixture.client.retrieveJob(id) }
            #expect(error?.status == 429 && error?.code == "rate_limit_exceeded")
            #expect((error?.retryAfter ?? .zero) > .seconds(50))
            #expect(await fixture.client.backoffRemaining > .seconds(50), "the whole account backs off")
        }
    }

    @Test func droppedConnectionsAndTruncatedBodiesAreRetried() async throws {
        try await SimulatorFixture.with { fixture in
            let id = fixture.simulator.preloadJobs(count: 1)[0]
            fixture.simulator.setFaults(
                .init(rules: [
                    .init(kind: .drop, endpoint: Self.retrieve, count: 1),
                    .init(kind: .truncate, endpoint: Self.retrieve, count: 1),
                ]))
            let fetched = try await fixture.client.retrieveJob(id)
            #expect(fetched.id == id)
            #expect(arrivals(fixture, Self.retrieve).map(\.fault) == ["drop", "truncate", nil])
        }
    }

    @Test func slowAnswersTimeOutAndAreRetried() async throws {
        try await SimulatorFixture.with(requestTimeout: .milliseconds(900)) { fixture in
            let id = fixture.simulator.preloadJobs(count: 1)[0]
            fixture.simulator.setFaults(
                .init(rules: [
                    .init(kind: .slow, endpoint: Self.retrieve, count: 1, delayMs: 3000),
                    .init(kind: .slow, endpoint: Self.retrieve, count: 1, delayMs: 50),
                ]))
            let fetched = try await fixture.client.retrieveJob(id)
            #expect(fetched.id == id)
            #expect(arrivals(fixture, Self.retrieve).count == 2)
        }
    }

    @Test func aLostCreateResponseIsReportedNotRepeated() async throws {
        try await SimulatorFixture.with { fixture in
            let file = try await fixture.uploadTrainingFile()
            fixture.simulator.setFaults(
                .init(rules: [
                    .init(kind: .loseResponse, endpoint: "POST /fine_tuning/jobs", count: 1)
                ]))
            let error = await #expect(throws: OpenAIError.self) {
                _ = try await fixture.client.createJob(
                    .init(
                        model: "gpt-4o-mini", trainingFile: file.id, metadata: ["finetuned_submission": "s-1"]))
            }
            #expect(error?.mayHaveTakenEffect == true)
            #expect(
                fixture.simulator.requestCounts()["POST /fine_tuning/jobs"] == 1, "a create is never blindly repeated")
            // The job exists on the server and is found by its tag.
            let found = try await fixture.client.listJobs(metadata: ["finetuned_submission": "s-1"])
            #expect(found.data.count == 1)
        }
    }

    @Test func aCreateIsRetriedWhenItSurelyDidNotHappen() async throws {
        try await SimulatorFixture.with { fixture in
            let file = try await fixture.uploadTrainingFile()
            fixture.simulator.setFaults(
                .init(rules: [
                    .init(kind: .status, endpoint: "POST /fine_tuning/jobs", count: 1, status: 429, retryAfterMs: 100),
                    .init(kind: .status, endpoint: "POST /fine_tuning/jobs", count: 1, status: 500),
                ]))
            let error = await #expect(throws: OpenAIError.self) {
                _ = try await fixture.client.createJob(.init(model: "gpt-4o-mini", trainingFile: file.id))
            }
            // The 429 is retried (nothing happened); the 500 is not (something may have).
            #expect(error?.status == 500)
            #expect(fixture.simulator.requestCounts()["POST /fine_tuning/jobs"] == 2)
        }
    }

    @Test(arguments: [
        (401, "invalid_api_key", "invalid_request_error"),
        (403, "unsupported_country_region_territory", "invalid_request_error"),
        (429, "insufficient_quota", "insufficient_quota"),
        (400, "invalid_value", "invalid_request_error"),
    ])
    func finalErrorsAreNotRetried(status: Int, code: String, type: String) async throws {
        try await SimulatorFixture.with { fixture in
            let id = fixture.simulator.preloadJobs(count: 1)[0]
            fixture.simulator.setFaults(
                .init(rules: [
                    .init(kind: .status, endpoint: Self.retrieve, status: status, code: code, type: type)
                ]))
            let error = await #expect(throws: OpenAIError.self) { _ = try await fixture.client.retrieveJob(id) }
            #expect(error?.status == status && error?.code == code && error?.isFinal == true)
            #expect(arrivals(fixture, Self.retrieve).count == 1)
        }
    }

    @Test func aClosedFineTuningServiceSaysSoOnce() async throws {
        try await SimulatorFixture.with { fixture in
            let file = try await fixture.uploadTrainingFile()
            fixture.simulator.disableJobCreation(message: "Fine-tuning is no longer available for new jobs.")
            let error = await #expect(throws: OpenAIError.self) {
                _ = try await fixture.client.createJob(.init(model: "gpt-4o-mini", trainingFile: file.id))
            }
            #expect(error?.status == 403 && error?.isFinal == true)
            #expect(error?.message == "Fine-tuning is no longer available for new jobs.")
            #expect(fixture.simulator.requestCounts()["POST /fine_tuning/jobs"] == 1)
        }
    }

    @Test func aRefusedConnectionIsAConnectionError() async throws {
        try await withRefusingPort { port in
            let client = OpenAIClient(
                account: .init(baseURL: URL(string: "http://127.0.0.1:\(port)/v1")!, apiKey: APIKey("sk-x")),
                configuration: .init(
                    connectTimeout: .milliseconds(500), retry: .init(maxRetries: 1, initialBackoff: .milliseconds(10))))
            let error = await #expect(throws: OpenAIError.self) { _ = try await client.listModels() }
            #expect(error?.kind == .connection && error?.isFinal == false && error?.mayHaveTakenEffect == false)
            try await client.shutdown()
        }
    }
}
