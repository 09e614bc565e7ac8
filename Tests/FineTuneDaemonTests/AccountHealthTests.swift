import Foundation
import JobStore
import OpenAIFineTuning
import Testing

@testable import FineTuneDaemon

/// Account health says what really failed: the daemon's own database is not the account's fault
/// and is never shown as a refusal (or any other API state).
@Suite struct AccountHealthTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func aStoreFailureIsStoreFailedNotARefusal() {
        var health = AccountHealth()
        let storeError = JobStoreError.cannotOpen(path: "/var/lib/finetuned/finetuned.db", detail: "disk I/O error")
        health.record(.daemon(.storeFailed(storeError.description)), at: now)
        #expect(health.state == .storeFailed)
        #expect(health.state.rawValue == "store_failed")
        #expect(health.message?.contains("disk I/O error") == true)
        #expect(health.message?.contains("store-failed") == true)
        #expect(health.since == now)
    }

    @Test func aRefusalIsARefusal() {
        var health = AccountHealth()
        health.record(
            .api(
                OpenAIError(
                    kind: .api, status: 401, message: "Incorrect API key provided", request: "GET /fine_tuning/jobs")),
            at: now)
        #expect(health.state == .refused)
    }

    @Test func anotherDaemonFailureIsADaemonErrorAndSuccessClearsIt() {
        var health = AccountHealth()
        health.record(.daemon(.unexpected("something odd")), at: now)
        #expect(health.state == .daemonError)
        health.recordSuccess(at: now.addingTimeInterval(5))
        #expect(health.state == .ok)
        #expect(health.message == nil)
    }

    @Test func daemonErrorsHaveStableCodes() {
        #expect(DaemonError.storeFailed("x").code == "store-failed")
        #expect(DaemonError.noSuchJob("j").code == "no-such-job")
        #expect(DaemonError.noSuchAccount("a").code == "no-such-account")
        #expect(DaemonError.submissionBusy("s").code == "submission-busy")
    }

    @Test func aMissingRecordIsMatchedByKindNotByText() {
        let error = JobStoreError.notFound(.job, id: "ftjob-1")
        if case .notFound(.job, let id) = error { #expect(id == "ftjob-1") } else { Issue.record("not a missing job") }
        #expect(
            JobStoreError.notFound(.event(ofJob: "ftjob-1"), id: "ev-2").description
                == "no event of job ftjob-1 with id ev-2")
    }
}
