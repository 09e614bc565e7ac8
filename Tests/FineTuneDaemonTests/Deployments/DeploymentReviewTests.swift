@testable import FineTuneDaemon
import Foundation
import JobStore
import OpenAIFineTuning
import Testing

/// The pure decisions about a deployment (next state, warnings, cost) with an injected clock.
struct DeploymentReviewTests {
    static let t0 = 1_800_000_000.0
    static let hour = 3_600.0
    static let day = 86_400.0

    func record(
        sku: DeploymentSKU = .standard, state: String = "Succeeded", succeeded: Double? = t0
    ) -> DeploymentRecord {
        DeploymentRecord(
            id: 1, account: "azure", name: "ta", model: "gpt-4.1-2025-04-14.ft-5fd1918ee65d4cd38a5dcf6835066ed7",
            sku: sku.rawValue, capacity: 1, state: state, createdAt: Self.t0, succeededAt: succeeded)
    }

    @Test func aCreateThatNeverReachedAzureIsSentAgainAndOneThatLandedIsAdopted() {
        let pending = record(state: DeploymentRecord.pending, succeeded: nil)
        #expect(DeploymentReview.observe(pending, nil, now: Self.t0 + 5) == .sendCreate)
        let landed = AzureDeployment(name: "ta", modelName: pending.model, provisioningState: "Creating")
        guard case .moved(let moved) = DeploymentReview.observe(pending, landed, now: Self.t0 + 5) else {
            Issue.record("a deployment Azure has must be adopted")
            return
        }
        #expect(moved.state == "Creating")
        #expect(moved.isActive)
    }

    @Test func provisioningMovesToSucceededOrFailed() {
        let creating = record(state: "Creating", succeeded: nil)
        let succeeded = DeploymentReview.observe(
            creating, AzureDeployment(name: "ta", modelName: creating.model, provisioningState: "Succeeded"),
            now: Self.t0 + 60)
        guard case .moved(let done) = succeeded else { Issue.record("no move"); return }
        #expect(done.state == "Succeeded")
        #expect(done.succeededAt == Self.t0 + 60)
        let failed = DeploymentReview.observe(
            creating, AzureDeployment(name: "ta", modelName: creating.model, provisioningState: "Failed"),
            now: Self.t0 + 60)
        guard case .moved(let broken) = failed else { Issue.record("no move"); return }
        #expect(broken.state == "Failed")
        #expect(broken.endedAt == Self.t0 + 60)
        #expect(
            DeploymentReview.observe(
                creating,
                AzureDeployment(
                    name: "ta", modelName: creating.model,
                    provisioningState: "Creating"), now: Self.t0) == .unchanged)
    }

    @Test func aNameHeldByAnotherModelIsNeverAdopted() {
        let pending = record(state: DeploymentRecord.pending, succeeded: nil)
        let other = AzureDeployment(name: "ta", modelName: "someone-elses-model", provisioningState: "Succeeded")
        guard case .moved(let refused) = DeploymentReview.observe(pending, other, now: Self.t0) else {
            Issue.record("no move"); return
        }
        #expect(refused.state == "Failed")
        #expect(refused.error?.contains("someone-elses-model") == true)
    }

    @Test func aDeploymentThatVanishesIsGoneWithTheReason() {
        let developer = record(sku: .developer)
        guard case .moved(let gone) = DeploymentReview.observe(developer, nil, now: Self.t0 + 25 * Self.hour) else {
            Issue.record("no move"); return
        }
        #expect(gone.state == DeploymentRecord.gone)
        #expect(gone.error?.contains("24 hours") == true)
        guard case .moved(let idle) = DeploymentReview.observe(record(), nil, now: Self.t0 + 16 * Self.day) else {
            Issue.record("no move"); return
        }
        #expect(idle.error?.contains("15 days") == true)
    }

    @Test func hostingCostAccruesByTheHourFromCreationUntilItEnds() {
        let prices = HostingPrices.shipped
        let standard = DeploymentReview.cost(record(), prices: prices, now: Self.t0 + 10 * Self.hour)
        #expect(abs(standard.hours - 10) < 1e-9)
        #expect(abs(standard.usd - 17.0) < 1e-9)
        var ended = record()
        ended.endedAt = Self.t0 + 2 * Self.hour
        #expect(abs(DeploymentReview.cost(ended, prices: prices, now: Self.t0 + 100 * Self.hour).usd - 3.4) < 1e-9)
        #expect(DeploymentReview.cost(record(sku: .developer), prices: prices, now: Self.t0 + 10 * Self.hour).usd == 0)
        var failed = record(state: "Failed", succeeded: nil)
        failed.endedAt = Self.t0 + Self.hour
        #expect(DeploymentReview.cost(failed, prices: prices, now: Self.t0 + 10 * Self.hour).usd == 0)
        let mine = HostingPrices(perHour: [.standard: 3], source: "test")
        #expect(abs(DeploymentReview.cost(record(), prices: mine, now: Self.t0 + 2 * Self.hour).usd - 6) < 1e-9)
    }

    @Test func theInactivityWarningComesTwoDaysBeforeTheDeletionOnceAndAgainAfterAUse() {
        var current = record()
        #expect(DeploymentReview.warningsDue(current, now: Self.t0 + 12 * Self.day).isEmpty)
        let due = DeploymentReview.warningsDue(current, now: Self.t0 + 13 * Self.day)
        #expect(due == [.inactivity(at: Self.t0 + 15 * Self.day)])
        current = DeploymentReview.given(due[0], current, now: Self.t0 + 13 * Self.day)
        #expect(DeploymentReview.warningsDue(current, now: Self.t0 + 14 * Self.day).isEmpty, "given once")
        current = DeploymentReview.used(current, now: Self.t0 + 14 * Self.day)
        #expect(DeploymentReview.inactivityDeletion(current) == Self.t0 + 29 * Self.day)
        #expect(DeploymentReview.warningsDue(current, now: Self.t0 + 20 * Self.day).isEmpty)
        #expect(
            DeploymentReview.warningsDue(current, now: Self.t0 + 27 * Self.day) == [
                .inactivity(at: Self.t0 + 29 * Self.day)
            ])
    }

    @Test func aDeveloperDeploymentIsWarnedTwoHoursBeforeItsTwentyFourHoursEnd() {
        var developer = record(sku: .developer)
        #expect(DeploymentReview.warningsDue(developer, now: Self.t0 + 21 * Self.hour).isEmpty)
        let due = DeploymentReview.warningsDue(developer, now: Self.t0 + 22 * Self.hour)
        #expect(due == [.lifetime(at: Self.t0 + 24 * Self.hour)])
        developer = DeploymentReview.given(due[0], developer, now: Self.t0 + 22 * Self.hour)
        #expect(DeploymentReview.warningsDue(developer, now: Self.t0 + 23 * Self.hour).isEmpty)
    }

    @Test func noWarningForADeploymentThatIsNotServing() {
        #expect(
            DeploymentReview.warningsDue(record(state: "Creating", succeeded: nil), now: Self.t0 + 30 * Self.day)
                .isEmpty)
        var deleted = record()
        deleted.endedAt = Self.t0 + Self.day
        #expect(DeploymentReview.warningsDue(deleted, now: Self.t0 + 30 * Self.day).isEmpty)
    }

    @Test func defaultNamesComeFromTheModelId() {
        #expect(
            DeploymentName.derived(fromModel: "gpt-4.1-2025-04-14.ft-5fd1918ee65d4cd38a5dcf6835066ed7")
                == "gpt-4.1-2025-04-14-ft-5fd1918e")
        #expect(
            DeploymentName.derived(fromModel: "gpt-4o-mini-2024-07-18.ft-0123456789abcdef0123456789abcdef-ta")
                == "gpt-4o-mini-2024-07-18-ft-01234567-ta")
        #expect(DeploymentName.derived(fromModel: "ft:gpt-4o-mini:sim-org:ta:Ab12") == "gpt-4o-mini-ta-Ab12")
        #expect(DeploymentName.isValid("my-model_1.v2"))
        #expect(!DeploymentName.isValid("-x"))
        #expect(!DeploymentName.isValid("a b"))
        #expect(!DeploymentName.isValid(String(repeating: "a", count: 65)))
    }

    @Test func deployOnSuccessPicksJobsThatSucceededSinceTheSettingAndNotYetDeployed() {
        func job(_ id: String, succeeded: Bool = true, finished: Int64?) -> JobRecord {
            JobRecord(
                id: id, account: "azure", status: succeeded ? .succeeded : .failed, model: "gpt-4.1-2025-04-14",
                fineTunedModel: succeeded ? "m-\(id)" : nil, createdAt: 1, finishedAt: finished)
        }
        let jobs = [
            job("old", finished: 99), job("new", finished: 100),
            job("done", finished: 150), job("failed", succeeded: false, finished: 120),
        ]
        let picked = DeployOnSuccessPlan.jobsToDeploy(jobs, since: 100) { $0 == "done" }
        #expect(picked.map(\.id) == ["new"])
    }

    @Test func hostingPricesAreConfigurableWithTheirSource() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "hp-\(UUID().uuidString.prefix(6))"
        ).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/finetuned.conf"
        try "[Pricing]\nHostingPrice=Standard 2.5\n".write(toFile: path, atomically: true, encoding: .utf8)
        let configuration = try DaemonConfiguration.load(path: path, required: true, environment: [:])
        #expect(configuration.hostingPrices.hourly(.standard) == 2.5)
        #expect(configuration.hostingPrices.hourly(.globalStandard) == 1.70)
        #expect(configuration.hostingPrices.source.contains(path + ":2"))
        try "[Pricing]\nHostingPrice=Premium 2\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ConfigurationError.self) {
            try DaemonConfiguration.load(path: path, required: true, environment: [:])
        }
    }
}
