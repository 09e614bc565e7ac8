import Foundation
import Logging
import Synchronization
import Systemd
import Testing

/// Repeated log lines are limited, and the next line written says how many were left out.
struct LogRateLimiterTests {
    @Test func aBurstIsCutAndTheNextWindowSaysHowManyWereLeftOut() {
        var limiter = LogRateLimiter(burst: 3, interval: 30)
        let first = (0..<10).map { _ in limiter.decide("warning refused", now: 100) }
        #expect(
            first == [.write(suppressedBefore: 0), .write(suppressedBefore: 0), .write(suppressedBefore: 0)]
                + Array(repeating: .suppress, count: 7))
        #expect(
            limiter.decide("notice other", now: 101) == .write(suppressedBefore: 0), "another line is not held back")
        #expect(limiter.decide("warning refused", now: 129) == .suppress)
        #expect(limiter.decide("warning refused", now: 131) == .write(suppressedBefore: 8))
        #expect(limiter.decide("warning refused", now: 132) == .write(suppressedBefore: 0))
    }

    /// Lines a handler received.
    final class Recorder: Sendable {
        let lines = Mutex<[(message: String, metadata: Logger.Metadata)]>([])
    }

    struct RecordingHandler: LogHandler {
        let recorder: Recorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            recorder.lines.withLock { $0.append((event.message.description, event.metadata ?? [:])) }
        }
    }

    @Test func aFloodOfRefusedConnectionsIsAFewLinesAndACount() {
        let recorder = Recorder()
        let now = Mutex<Double>(1000)
        let shared = RateLimitedLogHandler.Shared(LogRateLimiter(burst: 10, interval: 30))
        let logger = Logger(label: "test") { _ in
            RateLimitedLogHandler(
                wrapping: RecordingHandler(recorder: recorder), limiter: shared,
                clock: { now.withLock { $0 } })
        }
        for id in 0..<492 {
            logger.warning("Connection refused: too many connections", metadata: ["varlink.connection": "\(id)"])
        }
        #expect(recorder.lines.withLock { $0.count } == 10)
        now.withLock { $0 += 31 }
        logger.warning("Connection refused: too many connections", metadata: ["varlink.connection": "492"])
        let last = recorder.lines.withLock { $0.last }
        #expect(
            last?.message == "Connection refused: too many connections (482 similar lines suppressed before this one)")
        #expect(last?.metadata["suppressed"] == "482")
        #expect(last?.metadata["varlink.connection"] == "492")
    }

    @Test func everyLoggerFollowsTheProcessWideLevelUnlessItsOwnWasSet() {
        let recorder = Recorder()
        let setting = LogLevelSetting(.info)
        let shared = RateLimitedLogHandler.Shared()
        let make = { (label: String) in
            Logger(label: label) { _ in
                RateLimitedLogHandler(
                    wrapping: RecordingHandler(recorder: recorder), limiter: shared, levelSetting: setting)
            }
        }
        let poller = make("poller")
        var pinned = make("pinned")
        pinned.logLevel = .error
        poller.debug("one")
        setting.level = .debug
        poller.debug("two")
        pinned.warning("pinned stays at error")
        setting.level = .error
        poller.warning("three")
        #expect(recorder.lines.withLock { $0.map(\.message) } == ["two"])
    }
}
