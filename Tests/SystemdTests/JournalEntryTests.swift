import Logging
import Testing
@testable import Systemd

@Suite("Journal fields and stderr lines")
struct JournalEntryTests {
    @Test("an entry carries priority, code location, identifier, MESSAGE_ID and prefixed metadata")
    func fields() {
        var metadata = JournalEvent.succeeded.metadata
        metadata[JournalMetadataKey.job] = "ftjob-abc"
        metadata[JournalMetadataKey.status] = "succeeded"
        metadata["trained-tokens"] = "1234"
        metadata["finetuned_account"] = "research"
        let entry = JournalEntry(
            level: .notice, message: "job ftjob-abc succeeded", metadata: metadata,
            identifier: "finetuned", file: "FineTuneDaemon/Poller.swift", function: "poll()", line: 42)
        #expect(entry["MESSAGE"] == "job ftjob-abc succeeded")
        #expect(entry["PRIORITY"] == "5")
        #expect(entry["SYSLOG_IDENTIFIER"] == "finetuned")
        #expect(entry["CODE_FILE"] == "FineTuneDaemon/Poller.swift")
        #expect(entry["CODE_LINE"] == "42")
        #expect(entry["CODE_FUNC"] == "poll()")
        #expect(entry["MESSAGE_ID"] == "fcf45429a5104c22a1542fce833206d7")
        #expect(entry["FINETUNED_JOB"] == "ftjob-abc")
        #expect(entry["FINETUNED_STATUS"] == "succeeded")
        #expect(entry["FINETUNED_TRAINED_TOKENS"] == "1234")
        #expect(entry["FINETUNED_ACCOUNT"] == "research")
        #expect(entry.fields.allSatisfy { JournalEntry.isValidFieldName($0.name) })
    }

    @Test(
        "field names follow journald's rules",
        arguments: [
            ("FINETUNED_JOB", true), ("MESSAGE_ID", true), ("_PID", false), ("1ABC", false),
            ("lower", false), ("", false), (String(repeating: "A", count: 65), false),
        ])
    func fieldNameRules(name: String, valid: Bool) {
        #expect(JournalEntry.isValidFieldName(name) == valid)
    }

    @Test("every event kind has its own fixed 128-bit id")
    func messageIDs() {
        let ids = JournalEvent.allCases.map(\.messageID)
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { JournalEntry.isID128($0) && $0 == $0.lowercased() })
    }

    @Test("secret-looking metadata is redacted, in the journal and on stderr")
    func redaction() {
        let metadata: Logger.Metadata = ["api_key": "sk-live-123", "Authorization": "Bearer sk-live-123"]
        let entry = JournalEntry(
            level: .info, message: "m", metadata: metadata, identifier: "t", file: "f", function: "g", line: 1)
        #expect(!entry.fields.contains { $0.value.contains("sk-live") })
        let line = StderrLogHandler.format(level: .info, message: "m", metadata: metadata)
        #expect(!line.contains("sk-live"))
    }

    @Test("stderr lines carry the <N> prefix, escape newlines and quote values")
    func stderrFormat() {
        let line = StderrLogHandler.format(
            level: .error, message: "poll failed\nretrying",
            metadata: ["job": "ftjob-1", "error": "HTTP 503: \"overloaded\""])
        #expect(line == #"<3>poll failed\nretrying error="HTTP 503: \"overloaded\"" job=ftjob-1"# + "\n")
    }

    @Test("the stderr handler writes through its output with merged metadata")
    func stderrHandler() {
        let captured = Captured()
        var logger = Logger(label: "t") { _ in StderrLogHandler(output: { captured.append($0) }) }
        logger[metadataKey: "account"] = "default"
        logger.warning("slow", metadata: ["job": "ftjob-2"])
        #expect(captured.lines == ["<4>slow account=default job=ftjob-2\n"])
    }

    @Test(
        "JOURNAL_STREAM matches only its own device and inode",
        arguments: [
            ("8:12345", true), ("8:12346", false), ("9:12345", false), ("8:", false), ("junk", false),
            ("8:12345:1", false),
        ])
    func journalStream(value: String, matches: Bool) {
        #expect(JournalStream.matches(value, device: 8, inode: 12345) == matches)
    }
}

/// Lines written by a handler under test.
final class Captured: Sendable {
    private let storage = Mutex<[String]>([])
    func append(_ line: String) { storage.withLock { $0.append(line) } }
    var lines: [String] { storage.withLock { $0 } }
}

import Synchronization
