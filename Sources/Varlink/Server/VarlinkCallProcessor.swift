import Logging
import NIOCore

/// Runs one call from its raw message to its last reply; the part of a connection that awaits.
///
/// Contract: calls `output.finish` exactly once. A message that is not a valid call (bad JSON,
/// no method, …) closes the connection without a reply, as systemd's sd-varlink does: the
/// stream's framing can no longer be trusted. Everything else is answered: routing errors,
/// the handler's ``VarlinkError``s as they are, any other thrown error as
/// `internalError` (and logged). A oneway call gets no reply, whatever happens.
struct VarlinkCallProcessor: Sendable {
    let router: VarlinkCallRouter
    let internalError: VarlinkError
    /// Set when replies are to be checked against the description (tests, debugging).
    var replyChecker: VarlinkReplyChecker? = nil

    /// The answer to a message whose descriptors were over the server's cap.
    var descriptorsOverCap: @Sendable (_ received: Int) -> VarlinkError = { received in
        VarlinkServerConfiguration.defaultDescriptorsRefused(accepted: 0, received: received)
    }

    /// Contract on descriptors: whatever came with the message and the handler did not take is
    /// closed before this returns, on every path.
    func process(
        _ frame: ByteBuffer, descriptors inbound: VarlinkInboundDescriptors = .none,
        connection: VarlinkConnectionInfo, logger: Logger, output: VarlinkConnectionOutput
    ) async {
        defer { inbound.close() }
        let message: VarlinkCallMessage
        do {
            message = try VarlinkCallMessage(parsing: frame.readableBytesView)
        } catch {
            logger.notice(
                "Closing connection: invalid call message", metadata: ["varlink.error": "\(error)"])
            output.finish(lastReply: nil, closeConnection: true)
            return
        }
        let descriptors: VarlinkDescriptors
        switch inbound {
        case .received(let received):
            descriptors = received
        case .refused(let count):
            logger.notice(
                "Call refused: more descriptors than a message may carry", metadata: ["varlink.descriptors": "\(count)"]
            )
            output.finish(
                lastReply: message.oneway ? nil : VarlinkReplyEncoder.encode(descriptorsOverCap(count)),
                closeConnection: false)
            return
        }
        let lastReply = await answer(
            message, descriptors: descriptors, connection: connection, logger: logger, output: output)
        output.finish(lastReply: message.oneway ? nil : lastReply, closeConnection: false)
    }

    /// The last reply to `message` (an error reply included), or `nil` when there is none to
    /// send because the connection went away.
    private func answer(
        _ message: VarlinkCallMessage, descriptors: VarlinkDescriptors, connection: VarlinkConnectionInfo,
        logger: Logger, output: VarlinkConnectionOutput
    ) async -> ByteBuffer? {
        let handler: VarlinkMethodHandler
        let signature: VarlinkMethodSignature
        let definition: VarlinkInterfaceDefinition
        switch router.route(message, peer: connection.peer, descriptorCount: descriptors.count) {
        case .reject(let error):
            logger.debug(
                "Call rejected",
                metadata: ["varlink.method": "\(message.method)", "varlink.error": "\(error.name)"])
            return VarlinkReplyEncoder.encode(error)
        case .invoke(let found, let foundSignature, let foundDefinition):
            (handler, signature, definition) = (found, foundSignature, foundDefinition)
        }
        let checker = replyChecker
        let method = message.method
        /// The reply, checked when a checker is set.
        @Sendable func checked(_ reply: ByteBuffer) throws -> ByteBuffer {
            try checker?.check(reply, method: method, signature: signature, definition: definition)
            return reply
        }
        var callLogger = logger
        callLogger[metadataKey: "varlink.method"] = .string(message.method)
        let call = VarlinkCall(
            method: message.method, parameters: message.parameters, more: message.more,
            oneway: message.oneway,
            connection: connection, logger: callLogger, descriptors: descriptors)
        do {
            let reply: VarlinkReply
            switch handler.body {
            case .single(let body):
                reply = try await body(call)
            case .streaming(let body):
                // Without `more` (a method that streams only when asked), intermediate replies
                // are not sent: the caller gets the last reply alone.
                let silent = message.oneway || !message.more
                let stream = VarlinkReplyStream { reply in
                    guard !silent else { return }
                    try await output.send(
                        try checked(VarlinkReplyEncoder.encode(parameters: reply.parameters, continues: true)))
                }
                reply = try await body(call, stream)
            }
            return try checked(VarlinkReplyEncoder.encode(parameters: reply.parameters))
        } catch let error as VarlinkError {
            do {
                return try checked(VarlinkReplyEncoder.encode(error))
            } catch {
                callLogger.error("Method handler failed", metadata: ["varlink.error": "\(error)"])
                return VarlinkReplyEncoder.encode(internalError)
            }
        } catch VarlinkProtocolError.connectionClosed {
            return nil
        } catch is CancellationError {
            return nil
        } catch {
            callLogger.error("Method handler failed", metadata: ["varlink.error": "\(error)"])
            return VarlinkReplyEncoder.encode(internalError)
        }
    }
}
