import Foundation
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
        /// A final error that needs a person (401, 403): polling continues slowly.
        case refused
    }

    public var state: State = .unknown
    public var message: String?
    public var since: Date?
    public var lastPoll: Date?
    public var lastPollRequests = 0
    public var backoffUntil: Date?
    public var rateLimit: RateLimitSnapshot?

    public init() {}

    /// Classifies the error that ended a cycle.
    mutating func record(_ error: OpenAIError, at now: Date) {
        let state: State
        switch error.kind {
        case .connection, .timeout: state = .unreachable
        case .api where error.status == 429 || (error.status ?? 0) >= 500: state = .backingOff
        default: state = .refused
        }
        if self.state != state { since = now }
        self.state = state
        message = error.description
    }

    mutating func recordSuccess(at now: Date) {
        if state != .ok { since = now }
        state = .ok
        message = nil
    }
}
