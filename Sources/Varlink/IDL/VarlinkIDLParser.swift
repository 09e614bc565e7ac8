/// A recursive-descent parser for the Varlink interface definition language
/// (https://varlink.org/Interface-Definition).
///
/// Accepts `interface`, `type`, `method` and `error` members, `#` comments, structs, enums,
/// `[]T` arrays, `[string]T` maps, `?T` optionals, `object`, and nested anonymous structs/enums.
/// After parsing, every `named` type reference must resolve to a `type` of the interface.
struct VarlinkIDLParser {
    private let bytes: [UInt8]
    private var position = 0
    private var line = 1

    init(text: String) {
        bytes = Array(text.utf8)
    }

    mutating func parseInterface() throws -> VarlinkInterfaceDefinition {
        try expectKeyword("interface")
        let name = try interfaceName()
        var definition = VarlinkInterfaceDefinition(name: name)
        while true {
            skipSpaceAndComments()
            if position >= bytes.count { break }
            let keyword = try identifier(what: "'type', 'method' or 'error'")
            switch keyword {
            case "type":
                let typeName = try memberName()
                let type = try structOrEnum()
                try insertOnce(&definition.types, typeName, type)
            case "method":
                let methodName = try memberName()
                let input = try structFields()
                try expect("->")
                let output = try structFields()
                try insertOnce(
                    &definition.methods, methodName,
                    VarlinkMethodSignature(name: methodName, input: input, output: output))
            case "error":
                let errorName = try memberName()
                let fields = try structFields()
                try insertOnce(&definition.errors, errorName, fields)
            default:
                throw fail("expected 'type', 'method' or 'error', found '\(keyword)'")
            }
        }
        try checkReferences(definition)
        return definition
    }

    // MARK: - Members

    private mutating func insertOnce<V>(_ table: inout [String: V], _ key: String, _ value: V) throws {
        guard table[key] == nil else { throw fail("'\(key)' is defined twice") }
        table[key] = value
    }

    /// `(name: type, …)`: method input and output, error parameters.
    private mutating func structFields() throws -> [VarlinkField] {
        if case .struct(let fields) = try structOrEnum(allowEnum: false) { return fields }
        throw fail("expected '(name: type, …)'")
    }

    /// `(…)`: a struct (`name: type` entries, possibly none) or an enum (bare names).
    private mutating func structOrEnum(allowEnum: Bool = true) throws -> VarlinkType {
        try expect("(")
        skipSpaceAndComments()
        if peek() == UInt8(ascii: ")") {
            position += 1
            return .struct([])
        }
        var fields: [VarlinkField] = []
        var cases: [String] = []
        repeat {
            let name = try fieldName()
            skipSpaceAndComments()
            if peek() == UInt8(ascii: ":") {
                guard cases.isEmpty else { throw fail("an enum cannot have typed field '\(name)'") }
                position += 1
                guard !fields.contains(where: { $0.name == name }) else {
                    throw fail("field '\(name)' appears twice")
                }
                fields.append(VarlinkField(name: name, type: try type()))
            } else {
                guard fields.isEmpty else { throw fail("expected ':' after field '\(name)'") }
                guard allowEnum else { throw fail("expected ':' after '\(name)'") }
                guard !cases.contains(name) else { throw fail("enum value '\(name)' appears twice") }
                cases.append(name)
            }
            skipSpaceAndComments()
        } while consume(",")
        try expect(")")
        return cases.isEmpty ? .struct(fields) : .enum(cases)
    }

    private mutating func type() throws -> VarlinkType {
        skipSpaceAndComments()
        if consume("?") {
            let inner = try type()
            if case .optional = inner { throw fail("'??' is not a type") }
            return .optional(inner)
        }
        if consume("[]") { return .array(try type()) }
        if consume("[string]") { return .map(try type()) }
        if peek() == UInt8(ascii: "(") { return try structOrEnum() }
        let word = try identifier(what: "a type")
        switch word {
        case "bool": return .bool
        case "int": return .int
        case "float": return .float
        case "string": return .string
        case "object": return .object
        default:
            guard let first = word.utf8.first, isUpper(first) else {
                throw fail("unknown type '\(word)' (type names start with a capital letter)")
            }
            return .named(word)
        }
    }

    // MARK: - Names

    private mutating func interfaceName() throws -> String {
        skipSpaceAndComments()
        let start = position
        // Letters of either case, as systemd (io.systemd.Resolve) and the python varlink package
        // accept; the reference grammar's lower-case-only form is a subset.
        while position < bytes.count,
            isLower(bytes[position]) || isUpper(bytes[position]) || isDigit(bytes[position])
                || bytes[position] == UInt8(ascii: ".") || bytes[position] == UInt8(ascii: "-")
        {
            position += 1
        }
        let name = String(decoding: bytes[start..<position], as: UTF8.self)
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2,
            parts.allSatisfy({ !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }),
            let first = name.utf8.first, isLower(first) || isUpper(first)
        else {
            throw fail("'\(name)' is not an interface name (reverse domain, e.g. org.example.thing)")
        }
        return name
    }

    /// A type, method or error name: starts with a capital letter.
    private mutating func memberName() throws -> String {
        let name = try identifier(what: "a name")
        guard let first = name.utf8.first, isUpper(first) else {
            throw fail("'\(name)' must start with a capital letter")
        }
        return name
    }

    private mutating func fieldName() throws -> String {
        try identifier(what: "a field name")
    }

    private mutating func identifier(what: String) throws -> String {
        skipSpaceAndComments()
        let start = position
        while position < bytes.count,
            isLower(bytes[position]) || isUpper(bytes[position]) || isDigit(bytes[position])
                || bytes[position] == UInt8(ascii: "_")
        {
            position += 1
        }
        guard position > start, !isDigit(bytes[start]) else {
            throw fail(
                "expected \(what)\(position < bytes.count ? ", found '\(Character(UnicodeScalar(bytes[position])))'" : " before the end")"
            )
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    // MARK: - References

    private func checkReferences(_ definition: VarlinkInterfaceDefinition) throws {
        func check(_ type: VarlinkType) throws {
            switch type {
            case .bool, .int, .float, .string, .object, .enum: return
            case .named(let name):
                guard definition.types[name] != nil else {
                    throw VarlinkIDLError(line: line, message: "type '\(name)' is used but not defined")
                }
            case .struct(let fields):
                for field in fields { try check(field.type) }
            case .array(let element), .map(let element), .optional(let element): try check(element)
            }
        }
        for type in definition.types.values { try check(type) }
        for method in definition.methods.values {
            for field in method.input + method.output { try check(field.type) }
        }
        for field in definition.errors.values.joined() { try check(field.type) }
    }

    // MARK: - Characters

    private mutating func skipSpaceAndComments() {
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "\n"):
                line += 1
                position += 1
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                position += 1
            case UInt8(ascii: "#"):
                while position < bytes.count, bytes[position] != UInt8(ascii: "\n") { position += 1 }
            default:
                return
            }
        }
    }

    private func peek() -> UInt8? {
        position < bytes.count ? bytes[position] : nil
    }

    /// Consumes `token` if it comes next (after space and comments).
    private mutating func consume(_ token: String) -> Bool {
        skipSpaceAndComments()
        let tokenBytes = Array(token.utf8)
        guard position + tokenBytes.count <= bytes.count,
            Array(bytes[position..<position + tokenBytes.count]) == tokenBytes
        else { return false }
        position += tokenBytes.count
        return true
    }

    private mutating func expect(_ token: String) throws {
        guard consume(token) else { throw fail("expected '\(token)'") }
    }

    private mutating func expectKeyword(_ keyword: String) throws {
        let word = try identifier(what: "'\(keyword)'")
        guard word == keyword else { throw fail("expected '\(keyword)', found '\(word)'") }
    }

    private func fail(_ message: String) -> VarlinkIDLError {
        VarlinkIDLError(line: line, message: message)
    }

    private func isLower(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")
    }
    private func isUpper(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")
    }
    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
