import NIOCore

/// Checks outgoing replies against the interface description (the method's output, the
/// interface's own error definitions), so that a handler whose reply type drifted from the
/// `.varlink` file fails loudly in tests instead of confusing clients.
///
/// Costs a re-parse of every reply, so it is off unless
/// ``VarlinkServerConfiguration/validatesReplies`` is set (tests, debugging).
struct VarlinkReplyChecker: Sendable {
    /// A reply that does not match the description.
    struct Mismatch: Error, CustomStringConvertible {
        var method: String
        var problem: String
        var description: String { "reply to \(method) does not match the interface description: \(problem)" }
    }

    /// - Parameter reply: an encoded reply, with its NUL terminator.
    func check(
        _ reply: ByteBuffer, method: String, signature: VarlinkMethodSignature, definition: VarlinkInterfaceDefinition
    ) throws {
        let message = try VarlinkReplyMessage(parsing: reply.readableBytesView.dropLast())
        if let error = message.error {
            let prefix = definition.name + "."
            guard error.hasPrefix(prefix) else { return }  // another interface's error (org.varlink.service…)
            guard let fields = definition.errors[String(error.dropFirst(prefix.count))] else {
                throw Mismatch(method: method, problem: "error \(error) is not declared")
            }
            if let field = definition.invalidField(in: message.parameters, declared: fields) {
                throw Mismatch(method: method, problem: "parameter '\(field)' of error \(error)")
            }
        } else if let field = definition.invalidField(in: message.parameters, declared: signature.output) {
            throw Mismatch(method: method, problem: "field '\(field)'")
        }
    }
}
