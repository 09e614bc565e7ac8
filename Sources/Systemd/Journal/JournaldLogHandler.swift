import CSystemd
import Glibc
import Logging

/// A swift-log handler that writes to journald natively (`sd_journal_sendv`), with the
/// metadata as fields, so `journalctl FINETUNED_JOB=ftjob-…` finds a job's entries.
///
/// See `JournalEntry` for the fields written. If journald refuses the entry (the socket is
/// gone), the line goes to stderr in the `<N>` format instead, so nothing is lost silently.
public struct JournaldLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level = .info
    /// `SYSLOG_IDENTIFIER` of every entry.
    public let identifier: String
    /// Prefix of fields made from metadata keys.
    public let fieldPrefix: String

    public init(
        identifier: String, fieldPrefix: String = "FINETUNED_",
        metadataProvider: Logger.MetadataProvider? = nil
    ) {
        self.identifier = identifier
        self.fieldPrefix = fieldPrefix
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let merged = MetadataMerge.merge(handler: metadata, provider: metadataProvider, event: event.metadata)
        let entry = JournalEntry(
            level: event.level, message: event.message.description, metadata: merged,
            identifier: identifier, file: event.file, function: event.function, line: event.line,
            fieldPrefix: fieldPrefix)
        if JournalSender.send(entry) < 0 {
            StderrLogHandler.writeLine(
                StderrLogHandler.format(level: event.level, message: event.message.description, metadata: merged))
        }
    }
}

/// Sends a `JournalEntry` through `sd_journal_sendv`.
enum JournalSender {
    /// Returns libsystemd's result: 0 on success, a negative errno on failure.
    @discardableResult
    static func send(_ entry: JournalEntry) -> Int32 {
        // All "NAME=value" fields in one buffer; each iovec points at its slice.
        var storage: [UInt8] = []
        var ranges: [Range<Int>] = []
        for field in entry.fields {
            let start = storage.count
            storage.append(contentsOf: field.name.utf8)
            storage.append(UInt8(ascii: "="))
            storage.append(contentsOf: field.value.utf8)
            ranges.append(start..<storage.count)
        }
        return storage.withUnsafeMutableBytes { raw in
            let iovecs = ranges.map { iovec(iov_base: raw.baseAddress! + $0.lowerBound, iov_len: $0.count) }
            return iovecs.withUnsafeBufferPointer { sd_journal_sendv($0.baseAddress, Int32($0.count)) }
        }
    }
}

/// How handler, provider and per-call metadata combine: later ones win.
enum MetadataMerge {
    static func merge(
        handler: Logger.Metadata, provider: Logger.MetadataProvider?, event: Logger.Metadata?
    ) -> Logger.Metadata {
        var merged = handler
        if let provided = provider?.get() { merged.merge(provided) { $1 } }
        if let event { merged.merge(event) { $1 } }
        return merged
    }
}
