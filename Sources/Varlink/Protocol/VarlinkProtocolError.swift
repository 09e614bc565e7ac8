/// A message broke the Varlink protocol, so the peer cannot be answered meaningfully.
///
/// The server closes a connection on these (as systemd's sd-varlink does); the client fails
/// every pending call with it and closes.
public enum VarlinkProtocolError: Error, Sendable, Hashable {
    /// The bytes before a NUL are not valid JSON.
    case invalidJSON
    /// The message is valid JSON but not an object.
    case messageNotAnObject
    /// A call without a string `method`, or with a method name that is not `interface.Method`.
    case invalidMethodName(String)
    /// A field of the envelope (`parameters`, `more`, `oneway`, `continues`, `error`) has the wrong type.
    case invalidField(String)
    /// `parameters` of a message, or of a value to be sent, is not a JSON object.
    case parametersNotAnObject
    /// A message grew beyond the configured maximum size before its terminating NUL arrived.
    case messageTooLarge(limit: Int)
    /// A reply arrived with no call waiting for it.
    case unexpectedReply
    /// The connection closed before the call's final reply arrived.
    case connectionClosed
}
