import DaemonMetrics
import FoundationEssentials
import JobStore
import TrainingData

extension Daemon {
    /// Serves `/metrics` on the activated socket (`finetuned-metrics.socket`) if systemd passed
    /// one, else on `MetricsListen=`; does nothing when neither is there (metrics are off).
    func startMetricsServer(_ configuration: DaemonConfiguration) async throws {
        let listen: MetricsHTTPServer.Listen
        if let fd = options.activatedMetricsSocket {
            listen = .activated(fileDescriptor: fd)
        } else if let address = configuration.metricsListen {
            listen = .address(address)
        } else {
            return
        }
        let server = try await MetricsHTTPServer.start(listen) { [weak self] in self?.renderMetrics() ?? [] }
        metricsServer.withLock { $0 = server }
        if let address = configuration.metricsListen, !address.isLoopback, options.activatedMetricsSocket == nil {
            logger.warning(
                "metrics served beyond this host, on \(server.localAddress)/metrics (MetricsListen=\(address))")
        }
        logger.notice("metrics: serving /metrics on \(server.localAddress)")
    }

    func stopMetricsServer() async {
        let server = metricsServer.withLock { server in
            defer { server = nil }
            return server
        }
        await server?.stop()
    }

    /// The exposition of one scrape: the store's figures copied in, then the registry rendered.
    /// A store that cannot be read leaves the last figures in place (and says so in the log).
    func renderMetrics() -> [UInt8] {
        do {
            metrics.update(from: try storeFigures())
        } catch {
            logger.error("metrics: cannot read the store's figures, serving the last ones: \(error)")
        }
        return metrics.exposition()
    }

    /// Jobs by account and status, trained tokens and their estimated cost, model shutdowns, and
    /// the control socket's connections.
    func storeFigures() throws -> StoreFigures {
        var figures = StoreFigures()
        figures.jobs = try store.jobCountsByAccountAndStatus().map {
            StoreFigures.JobCount(account: $0.account, status: $0.status, count: $0.count)
        }
        let prices = PriceTable.shippedDefaults.overriding(configuration?.trainingPrices ?? [:])
        for row in try store.trainedTokensByAccountAndModel() {
            figures.trainedTokens.append(.init(account: row.account, baseModel: row.baseModel, tokens: row.tokens))
            let usd = Double(row.tokens) * (prices.price(for: row.baseModel) ?? 0) / 1_000_000
            figures.costUSD[row.account, default: 0] += usd
        }
        for model in try store.models() {
            // The resolved date (API, ModelShutdown=, announced table), not only the API's.
            guard let day = retirementDates(of: model).shutdown?.day else { continue }
            figures.modelShutdowns[model.id] = Date(timeIntervalSince1970: Double(day.ordinal) * 86_400)
        }
        for deployment in try store.deployments() {
            let deletion = [DeploymentReview.inactivityDeletion(deployment), DeploymentReview.lifetimeEnd(deployment)]
                .compactMap { $0 }.min()
            if let deletion {
                figures.deploymentDeletions[.init(account: deployment.account, deployment: deployment.name)] =
                    Date(timeIntervalSince1970: deletion)
            }
        }
        figures.controlConnections = control.withLock { $0 }?.connectionCount ?? 0
        return figures
    }
}
