/// A `.varlink` interface description could not be parsed or is inconsistent.
public struct VarlinkIDLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The 1-based line of the problem.
    public var line: Int
    /// What was expected or what is wrong.
    public var message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { "interface description, line \(line): \(message)" }
}
