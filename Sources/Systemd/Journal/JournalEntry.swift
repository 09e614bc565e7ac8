import Logging

/// The fields of one journal entry, built from a swift-log event. Pure: no I/O.
///
/// Fields, in order: `MESSAGE`, `PRIORITY`, `SYSLOG_IDENTIFIER`, `CODE_FILE`, `CODE_LINE`,
/// `CODE_FUNC`, `MESSAGE_ID` (when given), then metadata sorted by key. Metadata keys become
/// `<prefix><KEY>`: upper-cased, characters outside `A-Z0-9_` turned into `_`; a key already
/// starting with the prefix is not prefixed twice. Names that still are not valid journal
/// field names (too long) are dropped. Values of keys that look like secrets are replaced.
public struct JournalEntry: Sendable, Equatable {
    public struct Field: Sendable, Equatable {
        public let name: String
        public let value: String
    }

    public private(set) var fields: [Field]

    public init(
        level: Logger.Level, message: String, metadata: Logger.Metadata, identifier: String,
        file: String, function: String, line: UInt, fieldPrefix: String = "FINETUNED_"
    ) {
        var fields: [Field] = [
            Field(name: "MESSAGE", value: message),
            Field(name: "PRIORITY", value: String(SyslogPriority(level).rawValue)),
            Field(name: "SYSLOG_IDENTIFIER", value: identifier),
            Field(name: "CODE_FILE", value: file),
            Field(name: "CODE_LINE", value: String(line)),
            Field(name: "CODE_FUNC", value: function),
        ]
        for key in metadata.keys.sorted() {
            let value = metadata[key]!
            if key == JournalMetadataKey.messageID, case .string(let id) = value, Self.isID128(id) {
                fields.append(Field(name: "MESSAGE_ID", value: id.lowercased()))
                continue
            }
            guard let name = Self.fieldName(forKey: key, prefix: fieldPrefix) else { continue }
            let text = SecretRedaction.isSecret(key: key) ? SecretRedaction.placeholder : value.description
            fields.append(Field(name: name, value: text))
        }
        self.fields = fields
    }

    /// The journal field for a metadata key, or nil if none can be made.
    public static func fieldName(forKey key: String, prefix: String) -> String? {
        var upper = String(
            key.uppercased().map { c -> Character in
                (c.isASCII && (c.isLetter || c.isNumber)) || c == "_" ? c : "_"
            })
        if !upper.hasPrefix(prefix) { upper = prefix + upper }
        return isValidFieldName(upper) ? upper : nil
    }

    /// journald's rule: 1–64 characters of `A-Z`, `0-9`, `_`, not starting with `_` (trusted
    /// fields) or a digit.
    public static func isValidFieldName(_ name: String) -> Bool {
        guard let first = name.utf8.first, name.utf8.count <= 64 else { return false }
        guard first != UInt8(ascii: "_"), !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else {
            return false
        }
        return name.utf8.allSatisfy {
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "_")
        }
    }

    /// 32 hex digits (a 128-bit id without dashes).
    static func isID128(_ text: String) -> Bool {
        text.utf8.count == 32 && text.allSatisfy(\.isHexDigit)
    }

    /// The value of the first field with this name.
    public subscript(name: String) -> String? { fields.first { $0.name == name }?.value }
}
