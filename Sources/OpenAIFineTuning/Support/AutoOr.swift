/// A hyperparameter that is either the literal string `"auto"` or a concrete value.
///
/// Azure's dated API reports "auto" as the number -1 (`"n_epochs": -1`); no hyperparameter can
/// be negative, so -1 decodes as `auto`, never as the number.
public enum AutoOr<Value: Codable & Sendable & Hashable>: Codable, Sendable, Hashable {
    case auto
    case value(Value)

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let string = try? container.decode(String.self), string == "auto" {
            self = .auto
        } else if let number = try? container.decode(Double.self), number == -1 {
            self = .auto
        } else {
            self = .value(try container.decode(Value.self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .auto: try container.encode("auto")
        case .value(let value): try container.encode(value)
        }
    }

    /// The concrete value, or nil for `auto`.
    public var value: Value? {
        if case .value(let value) = self { return value }
        return nil
    }
}
