/// How bad a problem is: errors make OpenAI reject the file (or the job fail); warnings do not.
public enum Severity: String, Codable, Sendable, Comparable {
    case error
    case warning

    public static func < (a: Severity, b: Severity) -> Bool { a == .error && b == .warning }
}

/// Which input file a problem or statistic belongs to.
public enum FileRole: String, Codable, Sendable {
    case training
    case validation
}

/// One thing wrong with the data, precise enough to fix without guessing.
///
/// `line` is 1-based (`nil` for a whole-dataset problem); `keyPath` names the JSON value inside
/// the line, such as `messages[2].role` (empty for the whole line); `code` is stable and
/// machine-readable (the cookbook's names where it has one); `message` is for people.
public struct Problem: Codable, Sendable, Equatable {
    public let file: FileRole
    public let line: Int?
    public let keyPath: String
    public let code: ProblemCode
    public let message: String
    public var severity: Severity { code.severity }

    public init(file: FileRole, line: Int?, keyPath: String, code: ProblemCode, message: String) {
        self.file = file
        self.line = line
        self.keyPath = keyPath
        self.code = code
        self.message = message
    }

    enum CodingKeys: String, CodingKey {
        case file, line, code, message, severity
        case keyPath = "key_path"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        file = try c.decode(FileRole.self, forKey: .file)
        line = try c.decodeIfPresent(Int.self, forKey: .line)
        keyPath = try c.decode(String.self, forKey: .keyPath)
        code = try c.decode(ProblemCode.self, forKey: .code)
        message = try c.decode(String.self, forKey: .message)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(file, forKey: .file)
        try c.encode(line, forKey: .line)
        try c.encode(keyPath, forKey: .keyPath)
        try c.encode(code, forKey: .code)
        try c.encode(message, forKey: .message)
        try c.encode(severity, forKey: .severity)
    }
}
