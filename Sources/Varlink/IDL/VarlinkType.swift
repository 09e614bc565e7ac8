/// A type in a Varlink interface description.
public indirect enum VarlinkType: Sendable, Hashable {
    case bool
    case int
    case float
    case string
    /// `object`: any JSON object, not described further (a "foreign" object).
    case object
    /// A type defined elsewhere in the same interface with `type Name …`.
    case named(String)
    /// `(name: type, …)`: a struct; also the shape of method parameters and errors.
    case `struct`([VarlinkField])
    /// `(a, b, c)`: one of these strings.
    case `enum`([String])
    /// `[]T`
    case array(VarlinkType)
    /// `[string]T`: an object whose members all have type `T`.
    case map(VarlinkType)
    /// `?T`: may be absent or `null`.
    case optional(VarlinkType)
}

/// A named member of a struct, of method input or output, or of an error.
public struct VarlinkField: Sendable, Hashable {
    public var name: String
    public var type: VarlinkType

    public init(name: String, type: VarlinkType) {
        self.name = name
        self.type = type
    }
}

/// A method's signature: `method Name(input) -> (output)`.
public struct VarlinkMethodSignature: Sendable, Hashable {
    public var name: String
    public var input: [VarlinkField]
    public var output: [VarlinkField]

    public init(name: String, input: [VarlinkField], output: [VarlinkField]) {
        self.name = name
        self.input = input
        self.output = output
    }
}

/// A parsed `.varlink` interface description.
public struct VarlinkInterfaceDefinition: Sendable, Hashable {
    /// The interface name, e.g. `io.finetuned.Jobs`.
    public var name: String
    /// `type` definitions by name.
    public var types: [String: VarlinkType]
    /// `method` definitions by (unqualified) name.
    public var methods: [String: VarlinkMethodSignature]
    /// `error` definitions by (unqualified) name: their parameters.
    public var errors: [String: [VarlinkField]]

    public init(
        name: String, types: [String: VarlinkType] = [:],
        methods: [String: VarlinkMethodSignature] = [:],
        errors: [String: [VarlinkField]] = [:]
    ) {
        self.name = name
        self.types = types
        self.methods = methods
        self.errors = errors
    }

    /// Parses the text of a `.varlink` file.
    ///
    /// - Throws: ``VarlinkIDLError`` with the line of the first problem.
    public init(parsing text: String) throws {
        var parser = VarlinkIDLParser(text: text)
        self = try parser.parseInterface()
    }
}
