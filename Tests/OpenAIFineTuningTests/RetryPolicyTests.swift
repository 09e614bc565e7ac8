import OpenAIFineTuning
import Testing

/// The retry decisions, without a network.
@Suite struct RetryPolicyTests {
    let policy = RetryPolicy(maxRetries: 3, initialBackoff: .milliseconds(500), maxBackoff: .seconds(8))

    func decide(
        _ failure: RetryPolicy.Failure, retries: Int = 0, idempotent: Bool = true,
        wait: Duration? = nil
    ) -> RetryPolicy.Decision {
        policy.decide(failure, retriesSoFar: retries, idempotent: idempotent, announcedWait: wait, jitter: 0)
    }

    @Test func transientFailuresAreRetriedAndFinalOnesAreNot() {
        for status in [408, 409, 429, 500, 502, 503, 504] {
            #expect(decide(.http(status: status, quotaExhausted: false, shouldRetryHeader: nil)) != .giveUp)
        }
        for status in [400, 401, 403, 404, 422] {
            #expect(decide(.http(status: status, quotaExhausted: false, shouldRetryHeader: nil)) == .giveUp)
        }
        #expect(decide(.http(status: 429, quotaExhausted: true, shouldRetryHeader: nil)) == .giveUp)
        #expect(decide(.connectFailed) != .giveUp)
        #expect(decide(.connectionLost) != .giveUp)
        #expect(decide(.timeout) != .giveUp)
    }

    @Test func theShouldRetryHeaderOverridesTheStatus() {
        #expect(decide(.http(status: 500, quotaExhausted: false, shouldRetryHeader: false)) == .giveUp)
        #expect(decide(.http(status: 400, quotaExhausted: false, shouldRetryHeader: true)) != .giveUp)
    }

    @Test func nonIdempotentRequestsRetryOnlyWhenNothingHappened() {
        #expect(decide(.connectFailed, idempotent: false) != .giveUp)
        #expect(decide(.http(status: 429, quotaExhausted: false, shouldRetryHeader: nil), idempotent: false) != .giveUp)
        #expect(decide(.connectionLost, idempotent: false) == .giveUp)
        #expect(decide(.timeout, idempotent: false) == .giveUp)
        #expect(decide(.http(status: 500, quotaExhausted: false, shouldRetryHeader: nil), idempotent: false) == .giveUp)
    }

    @Test func backoffDoublesUpToTheCapAndAnnouncedWaitsComeFirst() {
        #expect(decide(.timeout, retries: 0) == .retry(after: .milliseconds(500)))
        #expect(decide(.timeout, retries: 1) == .retry(after: .seconds(1)))
        #expect(policy.backoff(retriesSoFar: 10, jitter: 0) == .seconds(8))
        #expect(policy.backoff(retriesSoFar: 0, jitter: 1) == .milliseconds(375))
        #expect(decide(.timeout, retries: 3) == .giveUp)
        #expect(
            decide(.http(status: 429, quotaExhausted: false, shouldRetryHeader: nil), wait: .seconds(7))
                == .retry(after: .seconds(7)))
        #expect(
            decide(.http(status: 429, quotaExhausted: false, shouldRetryHeader: nil), wait: .seconds(600)) == .giveUp)
    }

    @Test func goDurationsParse() {
        #expect(RateLimitSnapshot.parseGoDuration("1s") == .seconds(1))
        #expect(RateLimitSnapshot.parseGoDuration("6m0s") == .seconds(360))
        #expect(RateLimitSnapshot.parseGoDuration("12ms") == .milliseconds(12))
        #expect(RateLimitSnapshot.parseGoDuration("1h2m3.5s") == .milliseconds(3_723_500))
        #expect(RateLimitSnapshot.parseGoDuration("soon") == nil)
        #expect(RateLimitSnapshot.parseGoDuration("") == nil)
    }
}
