import FinetunedTesting
import Foundation
import OpenAIFineTuning
import OpenAISimulator
import Synchronization
import Testing

/// Entra ID tokens from the simulated tenant: minted once per expiry however many requests
/// wait, renewed once when the service refuses one, and a refusal by the tenant is final.
@Suite struct EntraTokenTests {
    /// Fifty requests at once, twice, with an expiry between: one token each time.
    @Test func fiftyConcurrentRequestsShareOneTokenPerExpiry() async throws {
        // The tenant's tokens live long; the source's clock is moved past their end, so that
        // the expiry falls between the bursts however slowly a loaded machine runs them.
        let azure = try await AzureFixture.start(tokenLifetime: 600)
        let clock = Mutex(Date())
        let source = azure.secretSource(now: { clock.withLock { $0 } })
        let fixture = azure.fixture(.entra(apiVersion: nil), tokens: source)
        try await withTearDown({ try? await fixture.stop() }) {
            func burst() async throws {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<50 { group.addTask { _ = try await fixture.client.listJobs(limit: 1) } }
                    try await group.waitForAll()
                }
            }
            try await burst()
            #expect(azure.tokenRequests == 1)
            #expect(await source.tokensMinted == 1)
            // Past the token's end (600 s): the next request needs a new one.
            clock.withLock { $0 = $0.addingTimeInterval(601) }
            try await burst()
            #expect(azure.tokenRequests == 2, "one new token for the fifty requests after the expiry")
            #expect(azure.simulator.requestLog().allSatisfy { $0.status == 200 })
        }
    }

    /// The service refuses a token the source still believes valid (it expired there first):
    /// the request is answered 401 without an `error` key, the token renewed once, the request
    /// sent again, and it succeeds.
    @Test func aTokenThatExpiresMidCycleIsRenewedOnceAndTheRequestRetried() async throws {
        let azure = try await AzureFixture.start(tokenLifetime: 1)
        let frozen = Date()
        let source = azure.secretSource(now: { frozen })  // a clock that never moves: never renews by itself
        let fixture = azure.fixture(.entra(apiVersion: nil), tokens: source)
        try await withTearDown({ try? await fixture.stop() }) {
            _ = try await fixture.client.listJobs(limit: 1)
            // Counted from here: on a loaded machine the first call may itself have met an expiry.
            let tokensBefore = azure.tokenRequests
            let answersBefore = azure.simulator.requestLog().count
            try await Task.sleep(for: .milliseconds(1_200))  // past the token's life at the service
            _ = try await fixture.client.listJobs(limit: 1)
            #expect(azure.tokenRequests == tokensBefore + 1)
            #expect(Array(azure.simulator.requestLog().map(\.status).dropFirst(answersBefore)) == [401, 200])
        }
    }

    @Test func aRefusedTokenIsParsedAndRetriedOnlyOnce() async throws {
        let azure = try await AzureFixture.start()
        let source = FixedTokenSource()
        let fixture = azure.fixture(.entra(apiVersion: nil), tokens: source)
        try await withTearDown({ try? await fixture.stop() }) {
            let refused = await #expect(throws: OpenAIError.self) { try await fixture.client.listJobs() }
            #expect(refused?.status == 401)
            #expect(
                refused?.message.hasPrefix("Unauthorized. Access token is missing") == true,
                "Azure's 401 without an error key is read: \(refused?.message ?? "")")
            #expect(refused?.isFinal == true)
            #expect(source.invalidations.load(ordering: .relaxed) == 1)
            #expect(azure.simulator.requestLog().count == 2, "renewed once, not in a loop")
        }
    }

    @Test func aWrongSecretGivesTheTenantsErrorFinalAndNotRetried() async throws {
        let azure = try await AzureFixture.start()
        let fixture = azure.fixture(
            .entra(apiVersion: nil), tokens: azure.secretSource(secret: "wrong"),
            retry: .init(maxRetries: 5, initialBackoff: .milliseconds(10)))
        try await withTearDown({ try? await fixture.stop() }) {
            let refused = await #expect(throws: OpenAIError.self) { try await fixture.client.listJobs() }
            #expect(refused?.isFinal == true)
            #expect(refused?.message.contains("AADSTS7000215") == true, "\(refused?.message ?? "")")
            #expect(refused?.message.contains("wrong") == false, "the secret is never in the error")
            #expect(azure.tokenRequests == 1)
            #expect(azure.simulator.requestLog().isEmpty, "no request went out without a token")
        }
    }

    @Test func aTokenEndpointFaultIsTransientAndRetried() async throws {
        let azure = try await AzureFixture.start()
        azure.simulator.setFaults(
            FaultPlan(rules: [
                .init(kind: .status, endpoint: "POST /{tenant}/oauth2/v2.0/token", count: 1, status: 503)
            ]))
        let fixture = azure.fixture(.entra(apiVersion: nil), tokens: azure.secretSource())
        try await withTearDown({ try? await fixture.stop() }) {
            _ = try await fixture.client.listJobs()
            #expect(azure.tokenRequests == 2)
        }
    }

    @Test func workloadIdentityAndManagedIdentityMintTokensToo() async throws {
        let azure = try await AzureFixture.start()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("federated-\(UUID().uuidString)")
        try "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2EifQ.c2ln".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let federated = EntraTokenSource(
            credential: .federatedToken(tenantID: "sim-tenant", clientID: "sim-client", tokenFile: file.path),
            authorityHost: azure.simulator.rootURL)
        let managed = EntraTokenSource(
            credential: .managedIdentity(
                clientID: nil,
                endpoint: azure.simulator.rootURL.appendingPathComponent("metadata/identity/oauth2/token")))
        for source in [federated, managed] {
            let fixture = azure.fixture(.entra(apiVersion: AzureFixture.datedVersion), tokens: source)
            _ = try await fixture.client.listJobs()
            try await fixture.client.shutdown()
        }
        #expect(azure.tokenRequests == 1)
        #expect(azure.simulator.requestCounts()["GET /metadata/identity/oauth2/token"] == 1)
        try await azure.simulator.shutdown()
    }
}

/// A token source whose tokens no service accepts; counts invalidations.
final class FixedTokenSource: AccessTokenSource {
    let invalidations = Atomic<Int>(0)
    func token(forScope scope: String) async throws -> AccessToken {
        AccessToken(
            secret: APIKey("not-a-token-\(invalidations.load(ordering: .relaxed))"),
            expiresOn: Date().addingTimeInterval(3600))
    }
    func invalidate(_ token: AccessToken, forScope scope: String) async { invalidations.add(1, ordering: .relaxed) }
}
