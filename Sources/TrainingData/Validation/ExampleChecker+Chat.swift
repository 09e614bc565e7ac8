/// The chat (SFT) and RFT line checks.
extension ExampleChecker {
    static let chatTopLevelKeys: Set<String> = ["messages", "tools", "parallel_tool_calls", "functions"]

    func checkChat(requireAssistant: Bool) -> ExampleSummary {
        var summary = ExampleSummary()
        summary.tokens = 3
        let root = 0
        guard let messages = tape.member(root, "messages") else {
            if tape.member(root, "prompt") != nil || tape.member(root, "completion") != nil {
                report(
                    "", .legacyPromptCompletion,
                    "this is a legacy prompt/completion line; chat models need {\"messages\": [...]} (convert with `finetunectl prepare`)"
                )
            } else {
                report("messages", .missingMessagesList, "line has no \"messages\" list")
            }
            summary.counted = false
            return summary
        }
        guard tape.kind(messages) == .array, tape.count(messages) > 0 else {
            report(
                "messages", .missingMessagesList,
                tape.kind(messages) == .array
                    ? "\"messages\" is empty" : "\"messages\" must be a list, found \(describe(messages))")
            summary.counted = false
            return summary
        }
        let result = checkMessages(messages, prefix: "messages")
        summary.messages = result.messages
        summary.tokens += result.tokens
        summary.assistantTokens = result.assistantTokens
        summary.hasSystem = result.hasSystem
        summary.hasUser = result.hasUser
        if requireAssistant {
            if result.assistantCount == 0 {
                report("messages", .exampleMissingAssistantMessage, "example has no assistant message to learn from")
            } else if result.trainableAssistant == 0 {
                report(
                    "messages", .noTrainableMessages, "every assistant message has weight 0, so nothing is trained on")
            }
        } else if result.lastRole == "assistant" {
            report(
                "messages", .rftEndsWithAssistant,
                "reinforcement fine-tuning samples the answer; a final assistant message is not used as a reference")
        }
        summary.tokens += checkToolsAndExtras(
            root, allowAnyKey: !requireAssistant, known: ExampleChecker.chatTopLevelKeys, prefix: "")
        return summary
    }

    /// Checks `tools` and `parallel_tool_calls` on `object`, and flags unknown keys unless
    /// `allowAnyKey`. Returns the tokens the tools definition adds.
    func checkToolsAndExtras(_ object: Int, allowAnyKey: Bool, known: Set<String>, prefix: String) -> Int {
        var tokens = 0
        tape.forEachMember(object) { k, v in
            if tape.stringEquals(k, "tools") {
                tokens += checkTools(v, path: prefix + "tools")
            } else if tape.stringEquals(k, "parallel_tool_calls") {
                if tape.kind(v) != .true && tape.kind(v) != .false {
                    report(
                        prefix + "parallel_tool_calls", .invalidParallelToolCalls,
                        "parallel_tool_calls must be true or false, found \(describe(v))")
                }
            } else if tape.stringEquals(k, "functions") {
                tokens += self.tokens(ofRaw: v)
            } else if !allowAnyKey {
                let key = tape.string(k) ?? ""
                if !known.contains(key) {
                    report(prefix + key, .unrecognizedKey, "unrecognized key \"\(key)\" is ignored")
                }
            }
        }
        return tokens
    }

    /// `tools: [{"type":"function","function":{"name":…, "description"?, "parameters"?}}]`.
    private func checkTools(_ tools: Int, path: String) -> Int {
        guard tape.kind(tools) == .array else {
            report(path, .invalidTools, "tools must be a list, found \(describe(tools))")
            return 0
        }
        var t = -1
        tape.forEachElement(tools) { tool in
            t += 1
            let here = "\(path)[\(t)]"
            guard tape.kind(tool) == .object else {
                report(here, .invalidTools, "a tool must be an object")
                return
            }
            if let type = tape.member(tool, "type"), !tape.stringEquals(type, "function") {
                report("\(here).type", .invalidTools, "a tool's type must be \"function\"")
            }
            guard let function = tape.member(tool, "function"), tape.kind(function) == .object,
                let name = tape.member(function, "name"), tape.kind(name) == .string, tape.stringLength(name) > 0
            else {
                report("\(here).function", .invalidTools, "a tool needs \"function\": {\"name\": …}")
                return
            }
            if let parameters = tape.member(function, "parameters"), tape.kind(parameters) != .object {
                report("\(here).function.parameters", .invalidTools, "a tool's parameters must be a JSON Schema object")
            }
        }
        return tokens(ofRaw: tools)
    }
}
