/// Checks lines of one file on one thread: parses each line, runs the format's checks, counts
/// tokens, and accumulates statistics and problems.
///
/// Not thread-safe; the validator makes one per worker thread. Problems beyond `maxStored` are
/// counted but not kept (the lowest line numbers are kept).
final class ExampleChecker {
    let format: DataFormat
    let role: FileRole
    let tokenizer: Tokenizer
    let limit: Int
    let maxStored: Int
    /// Lines longer than this are reported and not parsed (the reader skips longer ones unread).
    var maxLineBytes = Int.max
    let tape = JSONTape()
    var acc = FileAccumulator()
    /// (fingerprint, line) of examples seen since the last drain, in line order.
    var fingerprints: [(Fingerprint, Int)] = []
    /// Set while checking a line: whether an error-severity problem was reported.
    private var lineHadError = false
    var currentLine = 0
    var currentBytes = UnsafeBufferPointer<UInt8>(start: nil, count: 0)

    init(format: DataFormat, role: FileRole, tokenizer: Tokenizer, limit: Int, maxStored: Int) {
        self.format = format
        self.role = role
        self.tokenizer = tokenizer
        self.limit = limit
        self.maxStored = maxStored
    }

    /// Records a problem on the current line.
    func report(_ path: @autoclosure () -> String, _ code: ProblemCode, _ message: @autoclosure () -> String) {
        record(Problem(file: role, line: currentLine, keyPath: path(), code: code, message: message()), code: code)
    }

    private func record(_ problem: @autoclosure () -> Problem, code: ProblemCode) {
        acc.problemCounts[code, default: 0] += 1
        if code.severity == .error { lineHadError = true }
        if acc.problems.count < maxStored { acc.problems.append(problem()) }
    }

    /// A line the reader skipped because it was longer than the limit.
    func reportOverlong(line: Int, bytes: Int, maxLineBytes: Int) {
        acc.lines += 1
        currentLine = line
        report("", .lineTooLong, "line is \(bytes) bytes, over the \(maxLineBytes)-byte limit; it was not read")
    }

    /// Checks one line (without its newline).
    func check(line: Int, bytes: UnsafeBufferPointer<UInt8>) {
        acc.lines += 1
        currentLine = line
        currentBytes = bytes
        lineHadError = false
        if bytes.count > maxLineBytes {
            report(
                "", .lineTooLong, "line is \(bytes.count) bytes, over the \(maxLineBytes)-byte limit; it was not read")
            return
        }
        if isBlank(bytes) {
            acc.blankLines += 1
            report("", .blankLine, "blank line (skipped; some tools reject blank lines)")
            return
        }
        do {
            try JSONParser.parse(bytes, into: tape)
        } catch {
            if error.isUTF8 {
                report("", .invalidUTF8, "invalid UTF-8 at byte \(error.offset + 1) of the line")
            } else if let bad = JSONParser.firstInvalidUTF8(bytes) {
                report("", .invalidUTF8, "invalid UTF-8 at byte \(bad + 1) of the line (and not valid JSON)")
            } else if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
                // OpenAI's reference says lines are JSON objects in UTF-8; a byte-order mark is
                // not JSON, and naming it tells the user what to change.
                report(
                    "", .invalidJSON,
                    "the line starts with a UTF-8 byte-order mark (BOM, bytes EF BB BF), which is not JSON; save the file as UTF-8 without a BOM"
                )
            } else {
                report("", .invalidJSON, "not valid JSON at byte \(error.offset + 1): \(error.reason)")
            }
            return
        }
        if tape.hadLoneSurrogate {
            report("", .loneSurrogate, "a \\u escape is a lone UTF-16 surrogate; it is read as U+FFFD")
        }
        guard tape.kind(0) == .object else {
            report("", .dataType, "each line must be a JSON object, found \(describe(0))")
            return
        }
        acc.examples += 1
        let summary: ExampleSummary
        switch format {
        case .dpo: summary = checkPreference()
        case .rft: summary = checkChat(requireAssistant: false)
        case .chat, .auto: summary = checkChat(requireAssistant: true)
        }
        acc.messages.add(summary.messages)
        acc.tokens.add(summary.tokens)
        acc.assistantTokens.add(summary.assistantTokens)
        acc.cappedTokens += min(limit, summary.tokens)
        if summary.tokens > limit {
            acc.overLimit += 1
            report(
                "", .exampleTooLong,
                "example has \(summary.tokens) tokens, over the model's \(limit); it will be truncated")
        }
        if summary.counted && !summary.hasSystem { acc.missingSystem += 1 }
        if summary.counted && !summary.hasUser { acc.missingUser += 1 }
        if lineHadError { acc.examplesWithErrors += 1 }
        fingerprints.append((tape.fingerprint(line: bytes), line))
    }

    private func isBlank(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for b in bytes where !(b == 0x20 || b == 0x09 || b == 0x0D) { return false }
        return true
    }

    /// A short description of a node's JSON type for messages.
    func describe(_ i: Int) -> String {
        switch tape.kind(i) {
        case .null: "null"
        case .true, .false: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// Tokens of a string node's value.
    @inline(__always) func tokens(ofString i: Int) -> Int {
        tape.withStringBytes(i) { tokenizer.count(utf8: $0) }
    }

    /// Tokens of a node's raw JSON text (used for `tools` and other structured values).
    func tokens(ofRaw i: Int) -> Int {
        let r = tape.rawRange(i)
        return tokenizer.count(utf8: UnsafeBufferPointer(rebasing: currentBytes[r]))
    }
}

/// What one example contributed, for statistics.
struct ExampleSummary {
    var messages = 0
    var tokens = 0
    var assistantTokens = 0
    var hasSystem = false
    var hasUser = false
    /// Whether the missing-system/missing-user counts apply (chat-like examples).
    var counted = true
}
