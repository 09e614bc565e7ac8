import DaemonMetrics
import Foundation
import Prometheus
import Testing

/// The daemon's metrics sink, read back from its own registry's exposition.
@Suite struct DaemonMetricsTests {
    /// `name{labels} value` lines of the exposition (comments dropped).
    func lines(_ metrics: DaemonMetrics) -> [String] {
        String(decoding: metrics.exposition(), as: UTF8.self).split(separator: "\n").map(String.init)
            .filter { !$0.hasPrefix("#") }
    }

    func value(_ metrics: DaemonMetrics, _ series: String) -> Double? {
        lines(metrics).first { $0.hasPrefix(series + " ") }.flatMap { Double($0.split(separator: " ").last!) }
    }

    @Test func twoDaemonsInOneProcessShareNoSeries() {
        let first = DaemonMetrics(version: "1.2.3")
        let second = DaemonMetrics(version: "1.2.3")
        first.requestFinished(account: "a", endpoint: "GET /models", status: 200, duration: .milliseconds(3))
        #expect(value(first, #"finetuned_api_requests_total{account="a",endpoint="GET /models",code="200"}"#) == 1)
        #expect(value(second, #"finetuned_api_requests_total{account="a",endpoint="GET /models",code="200"}"#) == nil)
        #expect(value(second, #"finetuned_build_info{version="1.2.3"}"#) == 1)
    }

    @Test func whileDisabledNothingIsRecorded() {
        let metrics = DaemonMetrics(version: "1", enabled: false)
        metrics.requestFinished(account: "a", endpoint: "GET /models", status: nil, duration: .seconds(1))
        metrics.submissionEnded(outcome: .created)
        metrics.pollCycleFinished(duration: .seconds(1))
        var figures = StoreFigures()
        figures.jobs = [.init(account: "a", status: "running", count: 2)]
        metrics.update(from: figures)
        #expect(lines(metrics) == [#"finetuned_build_info{version="1"} 1.0"#])
    }

    @Test func requestsWithoutAnAnswerAreCodeNoneAndTimedInSeconds() {
        let metrics = DaemonMetrics(version: "1")
        metrics.requestFinished(
            account: "a", endpoint: "GET /fine_tuning/jobs/{id}", status: nil, duration: .milliseconds(1500))
        #expect(
            value(
                metrics, #"finetuned_api_requests_total{account="a",endpoint="GET /fine_tuning/jobs/{id}",code="none"}"#
            ) == 1)
        #expect(
            value(
                metrics,
                #"finetuned_api_request_duration_seconds_sum{account="a",endpoint="GET /fine_tuning/jobs/{id}"}"#)
                == 1.5)
        #expect(
            value(
                metrics,
                #"finetuned_api_request_duration_seconds_bucket{account="a",endpoint="GET /fine_tuning/jobs/{id}",le="1.0"}"#
            ) == 0)
        #expect(
            value(
                metrics,
                #"finetuned_api_request_duration_seconds_bucket{account="a",endpoint="GET /fine_tuning/jobs/{id}",le="2.5"}"#
            ) == 1)
    }

    @Test func storeFiguresDropVanishedStatusesToZeroAndRemoveVanishedModels() {
        let metrics = DaemonMetrics(version: "1")
        var figures = StoreFigures()
        figures.jobs = [.init(account: "a", status: "running", count: 2)]
        figures.modelShutdowns = ["ft:old": Date(timeIntervalSince1970: 1_800_000_000)]
        metrics.update(from: figures)
        #expect(value(metrics, #"finetuned_jobs{account="a",status="running"}"#) == 2)
        #expect(value(metrics, #"finetuned_model_shutdown_timestamp_seconds{model="ft:old"}"#) == 1_800_000_000)

        figures.jobs = [.init(account: "a", status: "succeeded", count: 2)]
        figures.modelShutdowns = ["ft:new": Date(timeIntervalSince1970: 1_900_000_000)]
        metrics.update(from: figures)
        #expect(value(metrics, #"finetuned_jobs{account="a",status="running"}"#) == 0)
        #expect(value(metrics, #"finetuned_jobs{account="a",status="succeeded"}"#) == 2)
        #expect(value(metrics, #"finetuned_model_shutdown_timestamp_seconds{model="ft:old"}"#) == nil)
        #expect(value(metrics, #"finetuned_model_shutdown_timestamp_seconds{model="ft:new"}"#) == 1_900_000_000)
    }

    @Test func deploymentDeletionsAppearAndVanishWithTheirDeployments() {
        let metrics = DaemonMetrics(version: "1")
        var figures = StoreFigures()
        figures.deploymentDeletions = [
            .init(account: "az", deployment: "d1"): Date(timeIntervalSince1970: 1_800_000_000)
        ]
        metrics.update(from: figures)
        #expect(
            value(metrics, #"finetuned_deployment_deletion_timestamp_seconds{account="az",deployment="d1"}"#)
                == 1_800_000_000)
        figures.deploymentDeletions = [:]
        metrics.update(from: figures)
        #expect(
            value(metrics, #"finetuned_deployment_deletion_timestamp_seconds{account="az",deployment="d1"}"#) == nil)
    }

    @Test func storeTotalsBecomeCountersThatOnlyResetWhenTheTotalShrinks() {
        let metrics = DaemonMetrics(version: "1")
        let series = #"finetuned_trained_tokens_total{account="a",base_model="gpt-4o-mini"}"#
        for (total, shown) in [(Int64(100), 100.0), (250, 250), (250, 250), (40, 40), (90, 90)] {
            var figures = StoreFigures()
            figures.trainedTokens = [.init(account: "a", baseModel: "gpt-4o-mini", tokens: total)]
            figures.costUSD = ["a": Double(total) * 3 / 1_000_000]
            metrics.update(from: figures)
            #expect(value(metrics, series) == shown)
            #expect(
                abs(
                    (value(metrics, #"finetuned_estimated_cost_usd_total{account="a"}"#) ?? -1) - Double(total) * 3
                        / 1_000_000) < 1e-12)
        }
    }

    @Test func submissionsByOutcomeAndAccountState() {
        let metrics = DaemonMetrics(version: "1")
        metrics.submissionEnded(outcome: .created)
        metrics.submissionEnded(outcome: .created)
        metrics.submissionEnded(outcome: .overBudget)
        #expect(value(metrics, #"finetuned_submissions_total{outcome="created"}"#) == 2)
        #expect(value(metrics, #"finetuned_submissions_total{outcome="over_budget"}"#) == 1)
        metrics.accountPolled(
            account: "a", succeeded: true, cycleStartedAt: Date(timeIntervalSince1970: 1000), backoff: .zero)
        metrics.accountPolled(
            account: "a", succeeded: false, cycleStartedAt: Date(timeIntervalSince1970: 2000), backoff: .seconds(30))
        #expect(value(metrics, #"finetuned_last_successful_poll_timestamp_seconds{account="a"}"#) == 1000)
        #expect(value(metrics, #"finetuned_account_backoff_seconds{account="a"}"#) == 30)
    }
}
