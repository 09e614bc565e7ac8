/// Accumulates converted chat examples (one JSON line each, without newline) and what was skipped.
struct ExampleBuilder {
    let options: ConversionOptions
    private(set) var examples: [[UInt8]] = []
    private(set) var skipped: [ConversionReport.SkippedRow] = []
    private(set) var rowsRead = 0
    private(set) var duplicatesRemoved = 0
    private(set) var columnsDescription = ""
    private var seen: Set<[UInt8]> = []
    private var mapping: ColumnMapping?

    init(options: ConversionOptions) { self.options = options }

    // MARK: Sources

    mutating func addDelimited(_ bytes: [UInt8], delimiter: UInt8) throws {
        let rows = try CSVReader.rows(bytes, delimiter: delimiter)
        guard let header = rows.first else { throw TrainingDataError.unsupportedInput("the input is empty") }
        let mapping = try ColumnMapping.choose(
            from: header.fields, prompt: options.promptColumn, completion: options.completionColumn)
        describe(mapping)
        let p = header.fields.firstIndex(of: mapping.prompt)!, c = header.fields.firstIndex(of: mapping.completion)!
        for row in rows.dropFirst() {
            rowsRead += 1
            guard row.fields.count > max(p, c) else {
                skip(row.line, "row has \(row.fields.count) fields; the header has \(header.fields.count)")
                continue
            }
            addPair(prompt: row.fields[p], completion: row.fields[c], line: row.line)
        }
    }

    mutating func addJSONArray(_ bytes: [UInt8]) throws {
        let tape = JSONTape()
        try bytes.withUnsafeBufferPointer { b in
            do { try JSONParser.parse(b, into: tape) } catch let error as JSONParseError {
                throw TrainingDataError.unsupportedInput(
                    "the JSON input is not valid at byte \(error.offset + 1): \(error.reason)")
            }
            guard tape.kind(0) == .array else {
                throw TrainingDataError.unsupportedInput(
                    "a JSON input must be an array of objects (for JSON Lines use .jsonl)")
            }
            var index = 0
            for element in tape.elements(0) {
                index += 1
                rowsRead += 1
                try addObject(tape, element, source: b, line: lineNumber(of: element, in: tape, b))
            }
        }
    }

    mutating func addJSONLines(_ bytes: [UInt8]) throws {
        let tape = JSONTape()
        try bytes.withUnsafeBufferPointer { b in
            var lines: [(Int, UnsafeBufferPointer<UInt8>)] = []
            forEachLine(b, firstLine: 1) { lines.append(($0, $1)) }
            for (number, line) in lines {
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                rowsRead += 1
                do { try JSONParser.parse(line, into: tape) } catch let error as JSONParseError {
                    skip(number, "not valid JSON at byte \(error.offset + 1): \(error.reason)")
                    continue
                }
                try addObject(tape, 0, source: line, line: number)
            }
        }
    }

    // MARK: Objects

    private mutating func addObject(
        _ tape: JSONTape, _ object: Int, source: UnsafeBufferPointer<UInt8>, line: Int
    ) throws {
        guard tape.kind(object) == .object else {
            skip(line, "not a JSON object")
            return
        }
        if let messages = tape.member(object, "messages"), tape.kind(messages) == .array {
            addChat(tape, object, messages: messages, source: source)
            return
        }
        if tape.member(object, "input") != nil && tape.member(object, "preferred_output") != nil {
            var out: [UInt8] = []
            JSONWriter.appendCompact(UnsafeBufferPointer(rebasing: source[tape.rawRange(object)]), to: &out)
            add(out)
            return
        }
        if mapping == nil {
            mapping = try ColumnMapping.choose(
                from: tape.keys(object), prompt: options.promptColumn, completion: options.completionColumn)
            describe(mapping!)
        }
        let mapping = mapping!
        guard let p = tape.member(object, named: mapping.prompt), let c = tape.member(object, named: mapping.completion)
        else {
            skip(line, "no \"\(mapping.prompt)\" or no \"\(mapping.completion)\" key")
            return
        }
        guard let prompt = text(tape, p, source), let completion = text(tape, c, source) else {
            skip(line, "\"\(mapping.prompt)\" and \"\(mapping.completion)\" must be strings or numbers")
            return
        }
        addPair(prompt: prompt, completion: completion, line: line)
    }

    private func text(_ tape: JSONTape, _ i: Int, _ source: UnsafeBufferPointer<UInt8>) -> String? {
        switch tape.kind(i) {
        case .string: tape.string(i)
        case .number: tape.numberText(i, line: source)
        default: nil
        }
    }

    /// A chat line passes through (compacted), with the system prompt put first if it has none.
    private mutating func addChat(_ tape: JSONTape, _ object: Int, messages: Int, source: UnsafeBufferPointer<UInt8>) {
        let whole = tape.rawRange(object)
        var out: [UInt8] = []
        let first = tape.elements(messages).first
        let hasSystem =
            first.flatMap { tape.member($0, "role") }.map {
                tape.stringEquals($0, "system") || tape.stringEquals($0, "developer")
            } ?? false
        if let system = options.systemPrompt, !hasSystem {
            let open = tape.rawRange(messages).lowerBound + 1
            JSONWriter.appendCompact(UnsafeBufferPointer(rebasing: source[whole.lowerBound..<open]), to: &out)
            appendMessage("system", system, to: &out)
            if first != nil { out.append(0x2C) }
            JSONWriter.appendCompact(UnsafeBufferPointer(rebasing: source[open..<whole.upperBound]), to: &out)
        } else {
            JSONWriter.appendCompact(UnsafeBufferPointer(rebasing: source[whole]), to: &out)
        }
        add(out)
    }

    private mutating func addPair(prompt: String, completion: String, line: Int) {
        let prompt = options.trimWhitespace ? prompt.trimmingSpaces : prompt
        let completion = options.trimWhitespace ? completion.trimmingSpaces : completion
        if prompt.isEmpty { return skip(line, "empty prompt") }
        if completion.isEmpty { return skip(line, "empty completion") }
        var out: [UInt8] = Array(#"{"messages":["#.utf8)
        if let system = options.systemPrompt {
            appendMessage("system", system, to: &out)
            out.append(0x2C)
        }
        appendMessage("user", prompt, to: &out)
        out.append(0x2C)
        appendMessage("assistant", completion, to: &out)
        out.append(contentsOf: Array("]}".utf8))
        add(out)
    }

    private func appendMessage(_ role: String, _ content: String, to out: inout [UInt8]) {
        out.append(contentsOf: Array(#"{"role":"#.utf8))
        JSONWriter.appendString(role, to: &out)
        out.append(contentsOf: Array(#","content":"#.utf8))
        JSONWriter.appendString(content, to: &out)
        out.append(0x7D)
    }

    private mutating func add(_ example: [UInt8]) {
        if options.deduplicate {
            guard seen.insert(example).inserted else {
                duplicatesRemoved += 1
                return
            }
        }
        examples.append(example)
    }

    private mutating func skip(_ line: Int, _ reason: String) {
        skipped.append(.init(line: line, reason: reason))
    }

    private mutating func describe(_ mapping: ColumnMapping) {
        columnsDescription = "\(mapping.prompt) → user, \(mapping.completion) → assistant"
    }

    /// 1-based line of a node's first byte in the whole input.
    private func lineNumber(of node: Int, in tape: JSONTape, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        let start = tape.rawRange(node).lowerBound
        guard let base = b.baseAddress else { return 1 }
        return 1 + countNewlines(base, start)
    }
}
