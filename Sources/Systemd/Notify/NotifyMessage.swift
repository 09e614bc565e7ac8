/// One `sd_notify` datagram: newline-separated `KEY=value` assignments, in order.
///
/// Values are made single-line (newlines become spaces) so that a status text cannot inject a
/// second assignment such as `READY=1`.
public struct NotifyMessage: Sendable, Equatable {
    public private(set) var assignments: [(key: String, value: String)]

    /// Assignments in the dictionary literal's order.
    public init(_ assignments: KeyValuePairs<String, String>) {
        self.assignments = assignments.map { (key: $0.key, value: Self.singleLine($0.value)) }
    }

    /// The message with one more assignment when `value` is non-nil.
    public func adding(_ key: String, _ value: String?) -> NotifyMessage {
        guard let value else { return self }
        var copy = self
        copy.assignments.append((key: key, value: Self.singleLine(value)))
        return copy
    }

    /// The bytes sent: `KEY=value\nKEY=value`.
    public var wireFormat: String {
        assignments.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
    }

    static func singleLine(_ value: String) -> String {
        String(value.map { $0.isNewline ? " " : $0 })
    }

    public static func == (lhs: NotifyMessage, rhs: NotifyMessage) -> Bool {
        lhs.wireFormat == rhs.wireFormat
    }
}
