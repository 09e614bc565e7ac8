#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import JSON

/// One held-out example for `finetunectl compare`: the conversation up to the last assistant
/// message (what both models are sent) and that message (the reference answer).
public struct ComparisonExample: Sendable, Hashable {
    public struct Message: Sendable, Hashable, Codable {
        public var role: String
        public var content: String
    }

    /// The line of the file it came from (1-based).
    public var line: Int
    public var prompt: [Message]
    public var reference: String

    /// The example of a chat JSONL line, or nil when it has no assistant message after some
    /// other message (nothing to ask, or nothing to compare with). Content given as an array of
    /// parts is joined from its text parts.
    public static func parse(_ text: Substring, line: Int) -> ComparisonExample? {
        guard let object = (try? JSON.JSONParser.parse(text.utf8))?.objectValue,
            let messages = Self.objects(object["messages"])
        else { return nil }
        let parsed = messages.map { message -> Message in
            Message(role: message["role"]?.stringValue ?? "", content: Self.text(message["content"]))
        }
        guard let last = parsed.lastIndex(where: { $0.role == "assistant" }), last > 0 else { return nil }
        return ComparisonExample(line: line, prompt: Array(parsed[..<last]), reference: parsed[last].content)
    }

    /// Every example of a chat JSONL file's text, in order (lines that give none are skipped;
    /// the file is validated before, so those are rare).
    public static func all(in text: String) -> [ComparisonExample] {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, line in
            line.allSatisfy(\.isWhitespace) ? nil : parse(line, line: index + 1)
        }
    }

    private static func text(_ content: JSONValue?) -> String {
        if let string = content?.stringValue { return string }
        if let parts = objects(content) {
            return parts.compactMap { $0["text"]?.stringValue }.joined()
        }
        return ""
    }

    /// `value` as an array of objects, or nil when it is not an array or any element is not an
    /// object.
    private static func objects(_ value: JSONValue?) -> [[String: JSONValue]]? {
        guard let elements = value?.arrayValue else { return nil }
        var objects: [[String: JSONValue]] = []
        objects.reserveCapacity(elements.count)
        for element in elements {
            guard let object = element.objectValue else { return nil }
            objects.append(object)
        }
        return objects
    }
}
