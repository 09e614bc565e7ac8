/// Checks call parameters against a method's declared input.
///
/// The contract handlers rely on: after validation every declared non-optional field is present
/// and not `null`, every present field has its declared type (recursively: struct members,
/// enum values, array elements, map values), and no undeclared field is present. An integral
/// JSON number is accepted where `float` is declared; `1.0` is accepted where `int` is.
extension VarlinkInterfaceDefinition {
    /// Returns the name of the first invalid top-level parameter of a call to `method`, or
    /// `nil` when the parameters are valid. Fields are checked in declaration order, then
    /// undeclared fields in name order, so the answer is deterministic.
    public func invalidParameter(in parameters: [String: JSONValue], for method: VarlinkMethodSignature) -> String? {
        invalidField(in: parameters, declared: method.input)
    }

    /// The same check against any field list: a method's output, an error's parameters.
    public func invalidField(in members: [String: JSONValue], declared fields: [VarlinkField]) -> String? {
        firstInvalidField(members, fields: fields)
    }

    /// Whether `value` has type `type` in this interface.
    public func value(_ value: JSONValue, conformsTo type: VarlinkType) -> Bool {
        conforms(value, type, depth: 0)
    }

    private func firstInvalidField(_ members: [String: JSONValue], fields: [VarlinkField]) -> String? {
        for field in fields {
            let value = members[field.name] ?? .null
            if !conforms(value, field.type, depth: 0) { return field.name }
        }
        if members.count > fields.count
            || !members.keys.allSatisfy({ key in fields.contains { $0.name == key } })
        {
            let declared = Set(fields.map(\.name))
            return members.keys.filter { !declared.contains($0) }.sorted().first
        }
        return nil
    }

    private static let maximumDepth = 64

    private func conforms(_ value: JSONValue, _ type: VarlinkType, depth: Int) -> Bool {
        // Named types can refer to themselves; a depth limit keeps a hostile message from
        // recursing without end (the JSON nesting is already bounded by the message size).
        guard depth < Self.maximumDepth else { return false }
        switch type {
        case .optional(let inner):
            return value.isNull || conforms(value, inner, depth: depth + 1)
        case .bool:
            return value.boolValue != nil
        case .int:
            return value.integerValue != nil
        case .float:
            return value.doubleValue != nil
        case .string:
            return value.stringValue != nil
        case .object:
            return value.objectValue != nil
        case .named(let name):
            guard let resolved = types[name] else { return false }
            return conforms(value, resolved, depth: depth + 1)
        case .enum(let cases):
            guard let text = value.stringValue else { return false }
            return cases.contains(text)
        case .struct(let fields):
            guard let members = value.objectValue else { return false }
            for field in fields
            where !conforms(members[field.name] ?? .null, field.type, depth: depth + 1) {
                return false
            }
            return members.keys.allSatisfy { key in fields.contains { $0.name == key } }
        case .array(let element):
            guard let elements = value.arrayValue else { return false }
            return elements.allSatisfy { conforms($0, element, depth: depth + 1) }
        case .map(let element):
            guard let members = value.objectValue else { return false }
            return members.values.allSatisfy { conforms($0, element, depth: depth + 1) }
        }
    }
}
