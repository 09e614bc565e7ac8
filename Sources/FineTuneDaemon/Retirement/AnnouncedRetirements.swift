import FoundationEssentials
import InstalledResources

/// The built-in table of announced retirement dates, `Announced/model-retirements.txt`, shipped
/// as data beside the binary with the source of every date (the file documents its format).
public struct AnnouncedRetirements: Sendable {
    /// What an announced date ends.
    public enum Kind: String, Sendable, Hashable {
        /// The model and every fine-tune of it stop answering.
        case shutdown
        /// No new fine-tuning jobs on the model.
        case fineTune = "fine_tune"
        /// With model `*`: no new fine-tuning jobs on the provider at all.
        case jobs
    }

    public struct Entry: Sendable, Hashable {
        public var provider: Provider
        /// A dated snapshot, or `*` for the whole provider.
        public var model: String
        public var kind: Kind
        public var day: CalendarDay
        /// The text of the `source` line the entry names.
        public var source: String
    }

    /// A line that cannot be read, as `file:line: reason`.
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public var entries: [Entry]

    public init(entries: [Entry] = []) { self.entries = entries }

    /// The announced date of `kind` for `model` on `provider`, if any.
    public func entry(_ kind: Kind, model: String, provider: Provider) -> Entry? {
        entries.first { $0.kind == kind && $0.provider == provider && $0.model == model }
    }

    /// The day after which `provider` accepts no new fine-tuning jobs, if announced.
    public func jobCreationEnds(provider: Provider) -> Entry? { entry(.jobs, model: "*", provider: provider) }

    /// Reads the table's text. - Throws: `ParseError` naming `file` and the line.
    public static func parse(_ text: String, file: String) throws(ParseError) -> AnnouncedRetirements {
        var sources: [String: String] = [:]
        var pending: [(line: Int, words: [Substring])] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") { continue }
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            if words[0] == "source" {
                guard words.count >= 3 else {
                    throw ParseError(description: "\(file):\(index + 1): expected \"source KEY TEXT\"")
                }
                sources[String(words[1])] = words.dropFirst(2).joined(separator: " ")
            } else {
                pending.append((index + 1, words))
            }
        }
        var entries: [Entry] = []
        for (line, words) in pending {
            func fail(_ reason: String) -> ParseError { ParseError(description: "\(file):\(line): \(reason)") }
            guard words.count == 5 else {
                throw fail("expected \"PROVIDER MODEL KIND DATE SOURCE\", got \(words.count) words")
            }
            guard let provider = Provider(rawValue: String(words[0])) else {
                throw fail("unknown provider \"\(words[0])\" (openai or azure)")
            }
            guard let kind = Kind(rawValue: String(words[2])) else {
                throw fail("unknown kind \"\(words[2])\" (shutdown, fine_tune or jobs)")
            }
            guard (kind == .jobs) == (words[1] == "*") else {
                throw fail("kind jobs goes with model *, and only it")
            }
            guard let day = CalendarDay(String(words[3])) else {
                throw fail("not a date (YYYY-MM-DD): \"\(words[3])\"")
            }
            guard let source = sources[String(words[4])] else { throw fail("no \"source \(words[4])\" line") }
            entries.append(Entry(provider: provider, model: String(words[1]), kind: kind, day: day, source: source))
        }
        return AnnouncedRetirements(entries: entries)
    }

    /// The table shipped with finetuned. - Throws: when it cannot be found or read (a broken
    /// install), with every place looked at.
    public static func shipped() throws -> AnnouncedRetirements {
        let directory = try ResourceDirectory.locate(
            bundle: "finetuned_FineTuneDaemonResources.resources", subdirectory: "Announced",
            sourceDirectory: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("../../FineTuneDaemonResources").standardizedFileURL.path)
        let url = directory.appendingPathComponent("model-retirements.txt")
        return try parse(try String(contentsOf: url, encoding: .utf8), file: url.path)
    }
}
