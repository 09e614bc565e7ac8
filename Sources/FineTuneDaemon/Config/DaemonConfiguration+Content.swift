import FoundationEssentials
import Systemd

/// The content store's keys in `[Daemon]`: how long kept copies stay, and how much they may take.
///
/// - `ContentRetention=`: a time span (`30d`, `12h`, `0` to drop a copy as soon as no pending
///   submission needs it) or `infinity`. Default 30d.
/// - `ContentMaxSize=`: bytes with an optional K, M, G or T suffix (powers of 1024, as systemd),
///   or `infinity`. Default 10G. Copies pending submissions need are kept even above it.
extension DaemonConfiguration {
    static let contentKeys: Set<String> = ["ContentRetention", "ContentMaxSize"]
    static let defaultContentRetention: Duration? = .seconds(30 * 86_400)
    static let defaultContentMaxSize: Int64? = 10 << 30

    /// The retention policy these settings give.
    public var contentRetention: ContentRetention {
        ContentRetention(retention: contentRetentionSpan, maximumSize: contentMaxSize)
    }

    /// Reads the content keys of the merged `[Daemon]` section.
    mutating func applyContentKeys(_ daemon: INISection) throws(INIError) {
        if let value = daemon.last("ContentRetention"), !value.value.isEmpty {
            contentRetentionSpan = value.value == "infinity" ? nil : try value.timeSpan()
        }
        if let value = daemon.last("ContentMaxSize"), !value.value.isEmpty {
            contentMaxSize = value.value == "infinity" ? nil : try Self.byteSize(value)
        }
    }

    /// `1048576`, `512K`, `100M`, `10G`, `1T` (1024-based).
    static func byteSize(_ assignment: INIAssignment) throws(INIError) -> Int64 {
        var text = assignment.value
        var multiplier: Int64 = 1
        if let last = text.last, let power = ["K": 1, "M": 2, "G": 3, "T": 4][String(last).uppercased()] {
            multiplier = Int64(1) << (10 * power)
            text.removeLast()
        }
        guard let number = Int64(text), number >= 0, number <= Int64.max / multiplier else {
            throw INIError(assignment, "not a size: \"\(assignment.value)\" (bytes, or with K, M, G or T; or infinity)")
        }
        return number * multiplier
    }
}

extension ConfigCheck {
    /// Where kept copies go and how long they stay, for `--check-config`.
    static func contentStoreLine(_ configuration: DaemonConfiguration) -> String {
        let store = ContentStore(besideDatabase: configuration.databasePath)
        let age =
            configuration.contentRetentionSpan.map { span -> String in
                let seconds = span.components.seconds
                return
                    "kept \(seconds % 86_400 == 0 && seconds > 0 ? "\(seconds / 86_400) days" : "\(seconds) s") after last use"
            } ?? "kept however old"
        let cap =
            configuration.contentMaxSize.map {
                "the least recently used removed above \(ByteCountText.binary($0))"
            } ?? "no size cap"
        return "content store: \(store.directory) (copies \(age); \(cap))"
    }
}
