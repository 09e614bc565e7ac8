/// A configuration error, naming the file, line and key: `/etc/finetuned/finetuned.conf:12: PollInterval: not a time span: "soon"`.
public struct INIError: Error, Sendable, Hashable, CustomStringConvertible {
    public let location: INILocation
    public let key: String?
    public let message: String

    public init(location: INILocation, key: String?, message: String) {
        self.location = location
        self.key = key
        self.message = message
    }

    /// An error about the value of `assignment`.
    public init(_ assignment: INIAssignment, _ message: String) {
        self.init(location: assignment.location, key: assignment.key, message: message)
    }

    public var description: String {
        if let key { return "\(location): \(key): \(message)" }
        return "\(location): \(message)"
    }
}

/// The configuration file cannot be read at all.
public struct ConfigFileError: Error, Sendable, Hashable, CustomStringConvertible {
    public let path: String
    public let reason: String

    public var description: String { "\(path): \(reason)" }
}
