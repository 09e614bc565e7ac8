/// The DPO (preference) line checks: `input.messages`, `preferred_output`, `non_preferred_output`.
extension ExampleChecker {
    func checkPreference() -> ExampleSummary {
        var summary = ExampleSummary()
        summary.tokens = 3
        let root = 0
        guard let input = tape.member(root, "input"), tape.kind(input) == .object else {
            let found = tape.member(root, "input").map(describe) ?? "nothing"
            report(
                "input", .missingInput,
                "a preference example needs an \"input\" object with \"messages\", found \(found)")
            summary.counted = false
            return summary
        }
        if let messages = tape.member(input, "messages"), tape.kind(messages) == .array, tape.count(messages) > 0 {
            let result = checkMessages(messages, prefix: "input.messages")
            summary.messages += result.messages
            summary.tokens += result.tokens
            summary.hasSystem = result.hasSystem
            summary.hasUser = result.hasUser
        } else {
            report("input.messages", .missingMessagesList, "\"input.messages\" must be a non-empty list")
        }
        summary.tokens += checkToolsAndExtras(input, allowAnyKey: true, known: [], prefix: "input.")

        var outputs: [Int] = []
        let sides: [(key: StaticString, code: ProblemCode)] = [
            ("preferred_output", .missingPreferredOutput), ("non_preferred_output", .missingNonPreferredOutput),
        ]
        for (keyName, code) in sides {
            let key = "\(keyName)"
            guard let node = tape.member(root, keyName), tape.kind(node) == .array, tape.count(node) > 0 else {
                report(key, code, "a preference example needs \"\(key)\": [{\"role\": \"assistant\", \"content\": …}]")
                continue
            }
            if tape.count(node) != 1 {
                report(key, .invalidPreferredOutput, "\"\(key)\" must hold exactly one assistant message")
            }
            let result = checkMessages(node, prefix: key, onlyAssistant: true)
            summary.messages += result.messages
            summary.tokens += result.tokens
            if key == "preferred_output" { summary.assistantTokens += result.assistantTokens }
            outputs.append(node)
        }
        if outputs.count == 2 {
            let a = tape.rawRange(outputs[0]), b = tape.rawRange(outputs[1])
            if a.count == b.count && currentBytes[a].elementsEqual(currentBytes[b]) {
                report(
                    "non_preferred_output", .identicalPreferenceOutputs,
                    "preferred and non-preferred outputs are identical")
            }
        }
        return summary
    }
}
