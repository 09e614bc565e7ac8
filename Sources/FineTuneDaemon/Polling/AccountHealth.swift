import FoundationEssentials
import OpenAIFineTuning

/// How an account's API looked at the last poll: what the daemon's status line and
/// `Service.Status` report. The API being down is a state, never a crash.
public struct AccountHealth: Sendable, Equatable {
    public enum State: String, Sendable {
        case unknown, ok
        /// Rate-limited or overloaded (429, 5xx): backing off.
        case backingOff = "backing_off"
        /// The API cannot be reached.
        case unreachable
        /// The credentials or permissions are refused (401, 403), and nothing else: a person must
        /// act. Polling continues slowly.
        case refused
        /// Requests fail in another way: an answer that could not be read, or an error status
        /// that is neither a refusal nor an overload. Retried at the next cycle.
        case failing
        /// The service says the account's URL or api-version is wrong (Azure's 404 "Resource not
        /// found", 400 "API version not supported"): a configuration error, not a job's fate. A
        /// person must fix `BaseURL=` / `APIVersion=`; no job is untracked for it.
        case misconfigured
        /// The daemon's own database failed, not the API: nothing is wrong with the account.
        case storeFailed = "store_failed"
        /// The daemon itself failed in another way, not the API.
        case daemonError = "daemon_error"
    }

    public var state: State = .unknown
    public var message: String?
    public var since: Date?
    public var lastPoll: Date?
    /// When the last cycle that saw every tracked unfinished job of the account began.
    public var lastSuccess: Date?
    public var lastPollRequests = 0
    public var backoffUntil: Date?
    public var rateLimit: RateLimitSnapshot?

    public init() {}

    /// Classifies the error that ended a cycle: by what it is, never by a default.
    mutating func record(_ failure: PollFailure, at now: Date) {
        let state: State
        switch failure {
        case .api(let error):
            switch error.kind {
            case .connection, .timeout: state = .unreachable
            case .api where error.isRefusal: state = .refused
            case .api where error.isWrongEndpoint: state = .misconfigured
            case .api where error.status == 429 || (error.status ?? 0) >= 500: state = .backingOff
            default: state = .failing
            }
        case .daemon(.storeFailed): state = .storeFailed
        case .daemon: state = .daemonError
        }
        if self.state != state { since = now }
        self.state = state
        message =
            state == .misconfigured
            ? "configuration error: the service knows no such URL or api-version (check BaseURL=, APIVersion=): \(failure)"
            : failure.description
    }

    mutating func recordSuccess(at now: Date) {
        lastSuccess = now
        if state != .ok { since = now }
        state = .ok
        message = nil
    }
}
