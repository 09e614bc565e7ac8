import DaemonMetrics
import OpenAIFineTuning

extension DaemonMetrics {
    /// The `ClientConfiguration.onRequestFinished` of one account's client.
    func requestObserver(account: String) -> @Sendable (RequestObservation) -> Void {
        { [self] observation in
            requestFinished(
                account: account, endpoint: observation.endpoint, status: observation.status,
                duration: observation.duration)
            if let limit = observation.rateLimit {
                rateLimitObserved(
                    account: account, remainingRequests: limit.remainingRequests,
                    remainingTokens: limit.remainingTokens)
            }
        }
    }
}
