/// Settings of a ``VarlinkServer``: what `GetInfo` reports, the limits that keep one client from
/// hurting others, and the errors those limits answer with.
public struct VarlinkServerConfiguration: Sendable {
    /// `org.varlink.service.GetInfo` fields.
    public var vendor: String
    public var product: String
    public var version: String
    public var url: String

    /// The largest accepted message, in bytes without its NUL. A larger one is answered with
    /// ``messageTooLargeError`` (after the replies to calls before it) and the connection closes.
    public var maximumMessageSize: Int = 1 << 20
    /// A connection with no call running or waiting for this long is closed; `nil`: never.
    public var idleTimeout: Duration? = .seconds(60)
    /// A connection whose outbound buffer stays above ``outboundHighWatermark`` (the client
    /// stopped reading) for this long is closed.
    public var slowClientTimeout: Duration = .seconds(10)
    /// Outbound bytes buffered in the server above which a connection counts as not keeping up;
    /// streaming handlers wait in ``VarlinkReplyStream/send(_:)`` until it drains to the low mark.
    public var outboundHighWatermark: Int = 256 * 1024
    public var outboundLowWatermark: Int = 64 * 1024
    /// Calls a client may pipeline behind the running one before the server stops reading from
    /// it (backpressure, not an error).
    public var maximumQueuedCalls: Int = 64
    /// Open connections beyond this many are answered with ``tooManyConnectionsError`` and closed.
    public var maximumConnections: Int = 1024
    /// Open connections of one user (by peer uid) beyond this many are refused the same way, so
    /// that one user cannot take every connection (root included: the cap is per uid).
    public var maximumConnectionsPerUser: Int = 256
    /// File descriptors (SCM_RIGHTS) one message may carry, whatever its method accepts (at most
    /// the kernel's 253). A message with more has them all closed on arrival and its call is
    /// answered with ``descriptorsRefusedError``; the connection goes on.
    public var maximumDescriptorsPerMessage: Int = 16 {
        didSet { maximumDescriptorsPerMessage = min(max(maximumDescriptorsPerMessage, 0), 253) }
    }

    /// Check every reply against the interface description: a reply or error that does not
    /// match is logged as an error and replaced by ``internalError``. Costs a re-parse of each
    /// reply; meant for tests (the daemon's own tests should turn it on).
    public var validatesReplies: Bool = false

    /// The mode a socket the server binds itself gets (the default lets the owner and group connect).
    public var socketMode: UInt32 = 0o660
    /// The group a socket the server binds itself gets; `nil` keeps the process's group.
    public var socketGroup: UInt32?

    /// The answer to an oversize message.
    public var messageTooLargeError: VarlinkError
    /// The answer to a connection over ``maximumConnections`` or ``maximumConnectionsPerUser``.
    public var tooManyConnectionsError: VarlinkError
    /// The answer when a handler throws something other than a ``VarlinkError`` (the thrown
    /// error itself is only logged, never sent).
    public var internalError: VarlinkError
    /// The answer to a call carrying more descriptors than its method accepts (none, for most)
    /// or than ``maximumDescriptorsPerMessage``; `maximum` and `received` are filled in.
    public var descriptorsRefusedError: VarlinkError

    /// - Parameter errorInterface: the interface that declares the limit errors
    ///   (`MessageTooLarge (maximum_size: int)`, `TooManyConnections ()`, `InternalError ()`).
    public init(
        vendor: String, product: String, version: String, url: String,
        errorInterface: String = "io.finetuned.Service"
    ) {
        self.vendor = vendor
        self.product = product
        self.version = version
        self.url = url
        self.messageTooLargeError = VarlinkError(name: "\(errorInterface).MessageTooLarge")
        self.tooManyConnectionsError = VarlinkError(name: "\(errorInterface).TooManyConnections")
        self.internalError = VarlinkError(name: "\(errorInterface).InternalError")
        self.descriptorsRefusedError = VarlinkError(name: "\(errorInterface).DescriptorsRefused")
    }

    /// ``descriptorsRefusedError`` with what was accepted and what came.
    func descriptorsRefusedReply(accepted: Int, received: Int) -> VarlinkError {
        var error = descriptorsRefusedError
        error.parameters["maximum"] = .integer(Int64(accepted))
        error.parameters["received"] = .integer(Int64(received))
        return error
    }

    /// The answer a router gives when no configuration is at hand.
    public static func defaultDescriptorsRefused(accepted: Int, received: Int) -> VarlinkError {
        VarlinkError(
            name: "io.finetuned.Service.DescriptorsRefused",
            parameters: ["maximum": .integer(Int64(accepted)), "received": .integer(Int64(received))])
    }

    /// ``messageTooLargeError`` with the limit filled in as `maximum_size`.
    var messageTooLargeReply: VarlinkError {
        var error = messageTooLargeError
        if error.parameters["maximum_size"] == nil {
            error.parameters["maximum_size"] = .integer(Int64(maximumMessageSize))
        }
        return error
    }
}
