@testable import FineTuneDaemon
import FinetunedTesting
import Foundation
import JobStore
import Logging
import Synchronization
import Systemd
import Testing
import Varlink

/// The retirement check as the daemon runs it, with an injected clock: warnings at 30, 7 and 1
/// days, once each across restarts, with a MESSAGE_ID per window; STATUS= names the nearest
/// shutdown within 7 days; a submit after the provider's last day is refused before any upload.
/// The simulator's account declares `Provider=openai`, so OpenAI's announcements apply to it.
@Suite(.serialized) struct RetirementCheckTests {
    /// A clock the test moves.
    final class TestClock: Sendable {
        private let now: Mutex<Date>
        init(_ day: String) { now = Mutex(Self.date(day)) }
        func set(_ day: String) { now.withLock { $0 = Self.date(day) } }
        var date: Date { now.withLock { $0 } }
        static func date(_ day: String) -> Date {
            Date(timeIntervalSince1970: Double(CalendarDay(day)!.ordinal) * 86_400 + 43_200)
        }
    }

    /// The retirement warnings the daemon logged, with their MESSAGE_IDs.
    final class WarningLog: Sendable {
        let entries = Mutex<[(message: String, messageID: String)]>([])
        var all: [(message: String, messageID: String)] { entries.withLock { $0 } }

        struct Handler: LogHandler {
            let log: WarningLog
            var metadata: Logger.Metadata = [:]
            var logLevel: Logger.Level = .warning
            subscript(metadataKey key: String) -> Logger.Metadata.Value? {
                get { metadata[key] }
                set { metadata[key] = newValue }
            }
            func log(event: LogEvent) {
                let message = event.message
                guard let id = event.metadata?[JournalMetadataKey.messageID]?.description,
                    [JournalEvent.modelRetiring, .modelRetiringThisWeek, .modelRetiringTomorrow].map(\.messageID)
                        .contains(id)
                else { return }
                log.entries.withLock { $0.append((message.description, id)) }
            }
        }
    }

    @Test func warningsFireOncePerWindowAcrossRestartsAndStatusNamesTheNearestShutdown() async throws {
        try await withDaemon(accountConfig: "Provider=openai") { fixture in
            let clock = TestClock("2026-12-20")  // 25 days before gpt-4o-mini's announced 2027-01-14
            let warnings = WarningLog()
            fixture.clock = { clock.date }
            fixture.logger = Logger(label: "test") { _ in WarningLog.Handler(log: warnings) }
            let id = try await fixture.createJobElsewhere()
            var daemon = try await fixture.startDaemon()
            _ = try await daemon.track(jobID: id, account: nil)
            let model = try #require(try await fixture.waitForStoredJob(id) { $0.status == .succeeded }.fineTunedModel)
            try await waitUntil { (try? daemon.store.model(id: model)) != nil }

            await daemon.checkRetirements()
            await daemon.checkRetirements()
            #expect(warnings.all.map(\.messageID) == [JournalEvent.modelRetiring.messageID])
            #expect(
                warnings.all.first?.message.contains("shuts down in 25 days, on 2027-01-14 (announced date)") == true)

            // A restart does not repeat it.
            try await fixture.stopDaemon()
            daemon = try await fixture.startDaemon()
            await daemon.checkRetirements()
            #expect(warnings.all.count == 1)
            #expect(!daemon.statusLine.contains("shuts down"))

            clock.set("2027-01-10")
            await daemon.checkRetirements()
            await daemon.checkRetirements()
            #expect(warnings.all.map(\.messageID).last == JournalEvent.modelRetiringThisWeek.messageID)
            #expect(daemon.statusLine.contains("\(model) shuts down in 4 days (2027-01-14)"))
            // The STATUS= datagram is sent at once, but read by the recorder's own thread: await it.
            try await waitUntil(timeout: .seconds(10)) {
                fixture.notifications.all.contains {
                    $0.text.contains("STATUS=") && $0.text.contains("shuts down in 4 days")
                }
            }

            clock.set("2027-01-13")
            await daemon.checkRetirements()
            try await fixture.stopDaemon()
            daemon = try await fixture.startDaemon()
            await daemon.checkRetirements()
            #expect(
                warnings.all.map(\.messageID) == [
                    JournalEvent.modelRetiring.messageID, JournalEvent.modelRetiringThisWeek.messageID,
                    JournalEvent.modelRetiringTomorrow.messageID,
                ])
            #expect(try daemon.store.retirementWarnings().count == 3)

            // Models.List: the inherited date, its source and the days left.
            let client = try await VarlinkClient.connect(to: fixture.socketPath)
            let listed = try await client.call("io.finetuned.Models.List", parameters: ["retiring": .bool(true)])
            await client.close()
            let first = listed["models"]?.arrayValue?.first
            #expect(first?["id"]?.stringValue == model)
            #expect(first?["shutdown_date"]?.stringValue == "2027-01-14")
            #expect(first?["days_left"]?.integerValue == 1)
            #expect(first?["shutdown_source"]?.stringValue == "announced")
        }
    }

    @Test func aSubmitAfterTheLastDayOfJobCreationIsRefusedBeforeAnyUpload() async throws {
        try await withDaemon(accountConfig: "Provider=openai") { fixture in
            fixture.clock = { TestClock.date("2027-01-07") }
            _ = try await fixture.startDaemon()
            let client = try await VarlinkClient.connect(to: fixture.socketPath)
            try await withTearDown({ await client.close() }) {
                do {
                    _ = try await client.call(
                        "io.finetuned.Jobs.Submit",
                        parameters: [
                            "training_file": .string(SubmissionRecoveryTests.sample), "model": .string("gpt-4o-mini"),
                        ])
                    Issue.record("expected JobCreationEnded")
                } catch let error as VarlinkError {
                    #expect(error.name == "io.finetuned.Jobs.JobCreationEnded")
                    #expect(error.parameters["message"]?.stringValue?.contains("after 2027-01-06") == true)
                }
                #expect(fixture.simulator.requestCounts()["POST /files", default: 0] == 0)
                #expect(try fixture.daemon?.store.unfinishedSubmissions().isEmpty == true)
            }
        }
    }
}
