/// A test's set-up or wait that did not work out, saying what it saw.
public struct FixtureError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
