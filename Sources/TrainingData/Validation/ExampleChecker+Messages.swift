/// Checks shared by every format: a list of chat messages and their fields.
extension ExampleChecker {
    static let roles: Set<String> = ["system", "developer", "user", "assistant", "tool", "function"]
    static let messageKeys: Set<String> = [
        "role", "content", "name", "weight", "tool_calls", "tool_call_id", "function_call", "refusal",
    ]

    /// What a list of messages contained.
    struct MessagesResult {
        var messages = 0
        var tokens = 0
        var assistantTokens = 0
        var hasSystem = false
        var hasUser = false
        var assistantCount = 0
        var trainableAssistant = 0
        var lastRole: String?
    }

    /// Checks the array at `list` (already known to exist) whose key path is `prefix`.
    /// `onlyAssistant` is for DPO outputs, where every message must be an assistant reply.
    func checkMessages(_ list: Int, prefix: String, onlyAssistant: Bool = false) -> MessagesResult {
        var result = MessagesResult()
        var m = -1
        tape.forEachElement(list) { msg in
            m += 1
            result.messages += 1
            guard tape.kind(msg) == .object else {
                report("\(prefix)[\(m)]", .messageDataType, "each message must be an object, found \(describe(msg))")
                return
            }
            result.tokens += 3
            checkMessage(msg, index: m, prefix: prefix, onlyAssistant: onlyAssistant, into: &result)
        }
        return result
    }

    private func checkMessage(
        _ msg: Int, index m: Int, prefix: String, onlyAssistant: Bool, into result: inout MessagesResult
    ) {
        var role: String?
        var content: Int?
        var toolCalls: Int?
        var functionCall: Int?
        var weight: Int?
        var toolCallID: Int?
        var name: Int?
        tape.forEachMember(msg) { k, v in
            if tape.stringEquals(k, "role") {
                role = tape.string(v)
                if tape.kind(v) == .string { result.tokens += tokens(ofString: v) }
            } else if tape.stringEquals(k, "content") {
                content = v
            } else if tape.stringEquals(k, "name") {
                name = v
            } else if tape.stringEquals(k, "weight") {
                weight = v
            } else if tape.stringEquals(k, "tool_calls") {
                toolCalls = v
            } else if tape.stringEquals(k, "tool_call_id") {
                toolCallID = v
                if tape.kind(v) == .string { result.tokens += tokens(ofString: v) }
            } else if tape.stringEquals(k, "function_call") {
                functionCall = v
            } else if tape.stringEquals(k, "refusal") {
                if tape.kind(v) == .string { result.tokens += tokens(ofString: v) }
            } else {
                let key = tape.string(k) ?? ""
                report(
                    "\(prefix)[\(m)].\(key)", .messageUnrecognizedKey,
                    "unrecognized message key \"\(key)\" (allowed: role, content, name, weight, tool_calls, tool_call_id, function_call)"
                )
            }
        }
        let path = "\(prefix)[\(m)]"
        guard let roleNode = tape.member(msg, "role") else {
            report(path, .messageMissingKey, "message has no \"role\"")
            return
        }
        guard let role, ExampleChecker.roles.contains(role) else {
            let shown = tape.kind(roleNode) == .string ? "\"\(tape.string(roleNode) ?? "")\"" : describe(roleNode)
            report(
                "\(path).role", .unrecognizedRole,
                "unrecognized role \(shown) (allowed: system, developer, user, assistant, tool)")
            return
        }
        result.lastRole = role
        let isAssistant = role == "assistant"
        if role == "system" || role == "developer" { result.hasSystem = true }
        if role == "user" { result.hasUser = true }
        if onlyAssistant && !isAssistant {
            report(
                "\(path).role", .invalidPreferredOutput,
                "a preference output must have role \"assistant\", found \"\(role)\"")
        }
        let callsTools =
            (toolCalls.map { tape.kind($0) != .null } ?? false)
            || (functionCall.map { tape.kind($0) != .null } ?? false)

        // content
        var contentTokens = 0
        if let content {
            switch tape.kind(content) {
            case .string:
                if tape.stringLength(content) == 0 && !callsTools {
                    report("\(path).content", .missingContent, "\(role) message has empty content")
                }
                contentTokens = tokens(ofString: content)
                checkSpecialTokens(content, path: "\(path).content")
            case .array:
                if tape.count(content) == 0 && !callsTools {
                    report("\(path).content", .missingContent, "\(role) message has an empty list of content parts")
                }
                contentTokens = checkContentParts(content, path: "\(path).content", role: role)
            case .null:
                if !callsTools {
                    report("\(path).content", .missingContent, "\(role) message has null content and no tool_calls")
                }
            default:
                report(
                    "\(path).content", .missingContent,
                    "content must be a string or a list of content parts, found \(describe(content))")
            }
        } else if !callsTools {
            report(path, .messageMissingKey, "\(role) message has no \"content\"")
        }
        result.tokens += contentTokens
        if isAssistant {
            result.assistantTokens += contentTokens
            result.assistantCount += 1
        }

        // name
        if let name {
            if tape.kind(name) != .string || tape.stringLength(name) == 0 {
                report("\(path).name", .invalidName, "name must be a non-empty string, found \(describe(name))")
            } else {
                result.tokens += tokens(ofString: name) + 1
            }
        }

        // weight
        var trainable = isAssistant
        if let weight {
            let text = tape.numberText(weight, line: currentBytes)
            if !isAssistant {
                report("\(path).weight", .invalidWeight, "weight is only allowed on assistant messages")
            } else if text == "0" {
                trainable = false
            } else if text != "1" {
                report("\(path).weight", .invalidWeight, "weight must be 0 or 1, found \(text ?? describe(weight))")
            }
        }
        if trainable { result.trainableAssistant += 1 }

        // tool calls
        if let toolCalls, tape.kind(toolCalls) != .null {
            if !isAssistant {
                report("\(path).tool_calls", .invalidToolCalls, "tool_calls are only allowed on assistant messages")
            }
            result.tokens += checkToolCalls(toolCalls, path: "\(path).tool_calls")
        }
        if let functionCall, tape.kind(functionCall) != .null {
            result.tokens += tokens(ofRaw: functionCall)
        }
        if role == "tool" {
            if toolCallID == nil || tape.kind(toolCallID!) != .string || tape.stringLength(toolCallID!) == 0 {
                report(path, .missingToolCallID, "tool message needs a non-empty string \"tool_call_id\"")
            }
        }
    }

    /// Content parts: `{"type":"text","text":…}` or `{"type":"image_url","image_url":{"url":…}}`.
    private func checkContentParts(_ parts: Int, path: String, role: String) -> Int {
        var tokens = 0
        var p = -1
        tape.forEachElement(parts) { part in
            p += 1
            let here = "\(path)[\(p)]"
            guard tape.kind(part) == .object, let type = tape.member(part, "type"), tape.kind(type) == .string else {
                report(here, .invalidContentPart, "a content part must be an object with a \"type\"")
                return
            }
            if tape.stringEquals(type, "text") {
                guard let text = tape.member(part, "text"), tape.kind(text) == .string else {
                    report("\(here).text", .invalidContentPart, "a text part needs a string \"text\"")
                    return
                }
                tokens += self.tokens(ofString: text)
                checkSpecialTokens(text, path: "\(here).text")
            } else if tape.stringEquals(type, "image_url") {
                guard let image = tape.member(part, "image_url"), tape.kind(image) == .object,
                    let url = tape.member(image, "url"), tape.kind(url) == .string, tape.stringLength(url) > 0
                else {
                    report(
                        "\(here).image_url", .invalidContentPart, "an image_url part needs \"image_url\": {\"url\": …}")
                    return
                }
                if role == "assistant" {
                    report("\(here)", .invalidContentPart, "assistant messages cannot contain images")
                }
            } else {
                report(
                    "\(here).type", .invalidContentPart,
                    "unsupported content part type \"\(tape.string(type) ?? "")\" (allowed: text, image_url)")
            }
        }
        return tokens
    }

    /// `[{"id":…, "type":"function", "function":{"name":…, "arguments":…}}]`; returns its tokens.
    private func checkToolCalls(_ calls: Int, path: String) -> Int {
        guard tape.kind(calls) == .array, tape.count(calls) > 0 else {
            report(path, .invalidToolCalls, "tool_calls must be a non-empty list, found \(describe(calls))")
            return 0
        }
        var tokens = 0
        var c = -1
        tape.forEachElement(calls) { call in
            c += 1
            let here = "\(path)[\(c)]"
            guard tape.kind(call) == .object else {
                report(here, .invalidToolCalls, "a tool call must be an object")
                return
            }
            if let id = tape.member(call, "id") {
                if tape.kind(id) == .string {
                    tokens += self.tokens(ofString: id)
                } else {
                    report("\(here).id", .invalidToolCalls, "a tool call's id must be a string")
                }
            }
            if let type = tape.member(call, "type"), !tape.stringEquals(type, "function") {
                report("\(here).type", .invalidToolCalls, "a tool call's type must be \"function\"")
            }
            guard let function = tape.member(call, "function"), tape.kind(function) == .object else {
                report("\(here).function", .invalidToolCalls, "a tool call needs a \"function\" object")
                return
            }
            guard let name = tape.member(function, "name"), tape.kind(name) == .string, tape.stringLength(name) > 0
            else {
                report("\(here).function.name", .invalidToolCalls, "a tool call needs a function name")
                return
            }
            tokens += self.tokens(ofString: name)
            guard let arguments = tape.member(function, "arguments"), tape.kind(arguments) == .string else {
                report(
                    "\(here).function.arguments", .invalidToolCalls, "a tool call needs \"arguments\" as a JSON string")
                return
            }
            tokens += self.tokens(ofString: arguments)
        }
        return tokens
    }

    /// OpenAI rejects training text that contains special-token text such as `<|endoftext|>`.
    func checkSpecialTokens(_ string: Int, path: @autoclosure () -> String) {
        let found: String? = tape.withStringBytes(string) { bytes in
            guard let base = bytes.baseAddress, bytes.count >= 5 else { return nil }
            var i = 0
            while i + 1 < bytes.count {
                if base[i] == 0x3C && base[i + 1] == 0x7C {  // "<|"
                    for token in ExampleChecker.specialTokenTexts where token.count <= bytes.count - i {
                        if token.withUnsafeBufferPointer({ memcmpBytes(base + i, $0.baseAddress!, $0.count) }) {
                            return String(decoding: token, as: UTF8.self)
                        }
                    }
                }
                i += 1
            }
            return nil
        }
        if let found {
            report(
                path(), .invalidSpecialToken,
                "contains the special token \(found), which OpenAI rejects in training data")
        }
    }

    static let specialTokenTexts: [[UInt8]] = [
        "<|endoftext|>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>", "<|endofprompt|>",
    ].map { Array($0.utf8) }
}
