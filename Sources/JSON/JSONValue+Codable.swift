#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else if let value = try? container.decode([String: JSONValue].self) {
            self = .object(value)
        } else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "not a JSON value")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

extension JSONValue {
    /// Converts any `Encodable` value into a `JSONValue` (through its JSON text).
    ///
    /// - Throws: `EncodingError` when `value` cannot be encoded as JSON (a non-finite `Double`).
    public init(encoding value: some Encodable) throws {
        if let already = value as? JSONValue {
            self = already
            return
        }
        self = try JSONParser.parse(JSONStreamEncoder().encode(value))
    }

    /// Decodes this value into `type`, as `JSONDecoder` would decode its JSON text, straight from
    /// the tree (``JSONValueDecoder``), exact for 64-bit integers.
    ///
    /// - Throws: `DecodingError` when the value does not have the shape `type` expects.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONValueDecoder().decode(type, from: self)
    }
}

extension JSONValue {
    /// The value as compact JSON text with sorted keys (stable, for logs and messages).
    public var compactText: String {
        var writer = JSONWriter()
        guard (try? writer.write(self, sortedKeys: true)) != nil else { return "<unencodable>" }
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// Parses JSON text (see ``JSONParser``).
    ///
    /// - Throws: ``JSONParser/Failure`` when the text is not one JSON value.
    public init(parsing text: String) throws {
        self = try JSONParser.parse(text)
    }
}
