import CoreMetrics
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import Prometheus
import Synchronization

/// The daemon's metrics: one `PrometheusCollectorRegistry` it owns, the calls the daemon makes
/// where things happen (a request answered, a cycle ended, a submission ended), and the figures
/// it copies from the store before each scrape.
///
/// Contract:
/// - Every series is bounded: labels are accounts, statuses, endpoint templates, outcomes, base
///   models and the models in the store, never a job id or a raw path.
/// - While `isEnabled` is false (no `MetricsListen=` and no activated socket) every call returns
///   at once and records nothing.
/// - Thread-safe; calls may come from any task or thread.
public final class DaemonMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    let factory: CatalogMetricsFactory
    private let enabled: Atomic<Bool>
    private let storeSeries: Mutex<StoreSeries> = Mutex(StoreSeries())

    /// What the store-derived series looked like at the last `update(from:)`.
    private struct StoreSeries {
        var jobKeys: Set<[String]> = []
        var trainedTokens: [[String]: Int64] = [:]
        var costUSD: [String: Double] = [:]
        var models: [String: CoreMetrics.Gauge] = [:]
        var deployments: [StoreFigures.DeploymentKey: CoreMetrics.Gauge] = [:]
    }

    /// - Parameter version: the daemon's version, exported as `finetuned_build_info{version}`.
    public init(
        registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(), version: String, enabled: Bool = true
    ) {
        self.registry = registry
        self.factory = CatalogMetricsFactory(registry: registry)
        self.enabled = Atomic(enabled)
        CoreMetrics.Gauge(label: MetricsCatalog.buildInfo, dimensions: [("version", version)], factory: factory).record(
            1)
    }

    public var isEnabled: Bool {
        get { enabled.load(ordering: .relaxed) }
        set { enabled.store(newValue, ordering: .relaxed) }
    }

    // MARK: Events

    /// One HTTP attempt ended: `status` is the answer's code, nil when none came (connection
    /// error, timeout). `endpoint` must be a template such as `GET /fine_tuning/jobs/{id}`.
    public func requestFinished(account: String, endpoint: String, status: Int?, duration: Duration) {
        guard isEnabled else { return }
        let code = status.map(String.init) ?? "none"
        CoreMetrics.Counter(
            label: MetricsCatalog.apiRequests,
            dimensions: [("account", account), ("endpoint", endpoint), ("code", code)], factory: factory
        ).increment()
        CoreMetrics.Timer(
            label: MetricsCatalog.apiRequestDuration, dimensions: [("account", account), ("endpoint", endpoint)],
            factory: factory
        ).recordNanoseconds(Self.nanoseconds(duration))
    }

    /// The rate-limit headers of an answer (either may be missing).
    public func rateLimitObserved(account: String, remainingRequests: Int?, remainingTokens: Int?) {
        guard isEnabled else { return }
        for (kind, value) in [("requests", remainingRequests), ("tokens", remainingTokens)] {
            guard let value else { continue }
            gauge(MetricsCatalog.rateLimitRemaining, [("account", account), ("kind", kind)]).record(Int64(value))
        }
    }

    /// A poll cycle over all accounts ended.
    public func pollCycleFinished(duration: Duration) {
        guard isEnabled else { return }
        CoreMetrics.Timer(label: MetricsCatalog.pollCycleDuration, dimensions: [], factory: factory)
            .recordNanoseconds(Self.nanoseconds(duration))
    }

    /// One account's part of a cycle ended. `backoff` is how long its requests are held back now.
    public func accountPolled(account: String, succeeded: Bool, cycleStartedAt: Date, backoff: Duration) {
        guard isEnabled else { return }
        if succeeded {
            gauge(MetricsCatalog.lastSuccessfulPoll, [("account", account)]).record(
                cycleStartedAt.timeIntervalSince1970)
        }
        gauge(MetricsCatalog.accountBackoff, [("account", account)]).record(Self.seconds(backoff))
    }

    /// The configured `PollInterval=` (set at start and on reload).
    public func pollIntervalConfigured(_ interval: Duration) {
        guard isEnabled else { return }
        gauge(MetricsCatalog.pollInterval, []).record(Self.seconds(interval))
    }

    /// A run of a submission ended: `created`, `invalid_data`, `unreadable`, `over_budget`,
    /// `api_refused` (a final API error) or `retrying` (a transient one; it is tried again).
    public func submissionEnded(outcome: SubmissionOutcome) {
        guard isEnabled else { return }
        CoreMetrics.Counter(
            label: MetricsCatalog.submissions, dimensions: [("outcome", outcome.rawValue)], factory: factory
        )
        .increment()
    }

    // MARK: Figures from the store

    /// Copies the store's figures into the registry (called before each scrape). Series of
    /// statuses no longer present drop to 0; models no longer in the store disappear.
    public func update(from figures: StoreFigures) {
        guard isEnabled else { return }
        storeSeries.withLock { series in
            var jobKeys: Set<[String]> = []
            for entry in figures.jobs {
                jobKeys.insert([entry.account, entry.status])
                gauge(MetricsCatalog.jobs, [("account", entry.account), ("status", entry.status)]).record(
                    Int64(entry.count))
            }
            for gone in series.jobKeys.subtracting(jobKeys) {
                gauge(MetricsCatalog.jobs, [("account", gone[0]), ("status", gone[1])]).record(Int64(0))
            }
            series.jobKeys.formUnion(jobKeys)

            for entry in figures.trainedTokens {
                let key = [entry.account, entry.baseModel]
                let counter = CoreMetrics.Counter(
                    label: MetricsCatalog.trainedTokens,
                    dimensions: [("account", entry.account), ("base_model", entry.baseModel)], factory: factory)
                Self.advance(counter, from: series.trainedTokens[key] ?? 0, to: entry.tokens)
                series.trainedTokens[key] = entry.tokens
            }
            for (account, usd) in figures.costUSD {
                let counter = CoreMetrics.FloatingPointCounter(
                    label: MetricsCatalog.estimatedCost, dimensions: [("account", account)], factory: factory)
                let last = series.costUSD[account] ?? 0
                if usd < last { counter.reset() }
                let delta = usd < last ? usd : usd - last
                if delta > 0 { counter.increment(by: delta) }
                series.costUSD[account] = usd
            }

            for (model, shutdown) in figures.modelShutdowns {
                let gauge = series.models[model] ?? gauge(MetricsCatalog.modelShutdown, [("model", model)])
                gauge.record(shutdown.timeIntervalSince1970)
                series.models[model] = gauge
            }
            for model in Set(series.models.keys).subtracting(figures.modelShutdowns.keys) {
                series.models.removeValue(forKey: model)?.destroy()
            }
            for (key, deletion) in figures.deploymentDeletions {
                let gauge =
                    series.deployments[key]
                    ?? gauge(
                        MetricsCatalog.deploymentDeletion, [("account", key.account), ("deployment", key.deployment)])
                gauge.record(deletion.timeIntervalSince1970)
                series.deployments[key] = gauge
            }
            for key in Set(series.deployments.keys).subtracting(figures.deploymentDeletions.keys) {
                series.deployments.removeValue(forKey: key)?.destroy()
            }
            gauge(MetricsCatalog.controlConnections, []).record(Int64(figures.controlConnections))
        }
    }

    /// The registry in Prometheus' text format (version 0.0.4).
    public func exposition() -> [UInt8] { registry.emitToBuffer() }

    // MARK: Helpers

    private func gauge(_ label: String, _ dimensions: [(String, String)]) -> CoreMetrics.Gauge {
        CoreMetrics.Gauge(label: label, dimensions: dimensions, factory: factory)
    }

    /// Moves a counter that mirrors a store total from `old` to `new`; a total that shrank (a
    /// database replaced) is a counter reset, which Prometheus' `rate()` understands.
    private static func advance(_ counter: CoreMetrics.Counter, from old: Int64, to new: Int64) {
        if new < old {
            counter.reset()
            if new > 0 { counter.increment(by: new) }
        } else if new > old {
            counter.increment(by: new - old)
        }
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
