import Foundation

/// Checks an uploaded training file the way the API does before training: every line a JSON
/// object of the method's format, at least ten examples. Only the first problem is reported, with
/// its line number, as the API's failure messages do.
enum TrainingFileInspector {
    struct Result {
        var examples: Int
        /// A rough token count (bytes / 4): the simulator does not need tiktoken's precision.
        var approximateTokens: Int
        var failure: String?
    }

    static let chatRoles: Set<String> = ["system", "developer", "user", "assistant", "tool", "function"]

    static func inspect(_ bytes: [UInt8], method: String) -> Result {
        var examples = 0
        var lineNumber = 0
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            let trimmed = line.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }
            if trimmed.isEmpty { continue }
            if let problem = problem(in: Array(line), method: method) {
                return Result(
                    examples: examples, approximateTokens: bytes.count / 4,
                    failure: "Invalid file format. Line \(lineNumber): \(problem)")
            }
            examples += 1
        }
        if examples < 10 {
            return Result(
                examples: examples, approximateTokens: bytes.count / 4,
                failure: "Training file has \(examples) example(s), but must have at least 10 examples.")
        }
        return Result(examples: examples, approximateTokens: max(1, bytes.count / 4), failure: nil)
    }

    private static func problem(in line: [UInt8], method: String) -> String? {
        guard let value = JSON.parse(line) else { return "the line is not valid JSON." }
        guard value.objectPairs != nil else { return "each line must be a JSON object." }
        if method == "dpo" {
            guard let messages = value["input"]?["messages"]?.array, !messages.isEmpty else {
                return "key \"input.messages\" is missing or empty."
            }
            if let problem = messagesProblem(messages, needAssistant: false) { return problem }
            for key in ["preferred_output", "non_preferred_output"] {
                guard let output = value[key]?.array, !output.isEmpty else {
                    return "key \"\(key)\" is missing or empty."
                }
            }
            return nil
        }
        if value["prompt"] != nil && value["messages"] == nil {
            return value["completion"] == nil ? "key \"completion\" is missing." : nil
        }
        guard let messages = value["messages"]?.array, !messages.isEmpty else {
            return "key \"messages\" is missing or empty."
        }
        return messagesProblem(messages, needAssistant: method != "reinforcement")
    }

    private static func messagesProblem(_ messages: [JSON], needAssistant: Bool) -> String? {
        var sawAssistant = false
        for (index, message) in messages.enumerated() {
            guard let role = message["role"]?.string else {
                return "message \(index) has no \"role\"."
            }
            guard chatRoles.contains(role) else {
                return "message \(index) has an unrecognized role \"\(role)\"."
            }
            if role == "assistant" { sawAssistant = true }
            let content = message["content"]
            if content == nil && message["tool_calls"] == nil && message["function_call"] == nil {
                return "message \(index) has no \"content\"."
            }
        }
        if needAssistant && !sawAssistant { return "the example has no assistant message." }
        return nil
    }
}
