import Logging
import NIOCore

/// Runs one call from its raw message to its last reply.
///
/// Two steps: ``start(_:descriptors:connection:logger:)`` parses and routes the message on the
/// connection's event loop and answers at once whatever needs no task (a message that is not a
/// call, a routing error, an ``VarlinkMethodHandler/Body/immediate(_:)`` handler); the rest comes
/// back as a ``Pending`` call for ``run(_:output:)`` in a task.
///
/// Contracts: a message that is not a valid call (bad JSON, no method, …) closes the connection
/// without a reply, as systemd's sd-varlink does: the stream's framing can no longer be trusted.
/// Everything else is answered: routing errors, the handler's ``VarlinkError``s as they are, any
/// other thrown error as `internalError` (and logged). A oneway call gets no reply, whatever
/// happens. The descriptors that came with the message and the handler did not take are closed
/// once the call has ended, on every path.
struct VarlinkCallProcessor: Sendable {
    let router: VarlinkCallRouter
    let internalError: VarlinkError
    /// Set when replies are to be checked against the description (tests, debugging).
    var replyChecker: VarlinkReplyChecker? = nil

    /// The answer to a message whose descriptors were over the server's cap.
    var descriptorsOverCap: @Sendable (_ received: Int) -> VarlinkError = { received in
        VarlinkServerConfiguration.defaultDescriptorsRefused(accepted: 0, received: received)
    }

    /// What ``start(_:descriptors:connection:logger:)`` decided.
    enum Start {
        /// Done: write `lastReply` (if any), then go on with the next call, or close.
        case finished(lastReply: ByteBuffer?, closeConnection: Bool)
        /// The handler awaits: run the call with ``run(_:output:)`` in a task.
        case needsTask(Pending)
    }

    /// A routed call whose handler runs in a task.
    struct Pending: Sendable {
        fileprivate let call: VarlinkCall
        fileprivate let inbound: VarlinkInboundDescriptors
        fileprivate let handler: VarlinkMethodHandler
        fileprivate let check: @Sendable (ByteBuffer) throws -> ByteBuffer
    }

    /// Parses and routes `frame`; answers it unless its handler needs a task.
    func start(
        _ frame: ByteBuffer, descriptors inbound: VarlinkInboundDescriptors = .none,
        connection: VarlinkConnectionInfo, logger: Logger
    ) -> Start {
        let message: VarlinkCallMessage
        do {
            message = try VarlinkCallMessage(parsing: frame.readableBytesView)
        } catch {
            inbound.close()
            logger.notice(
                "Closing connection: invalid call message", metadata: ["varlink.error": "\(error)"])
            return .finished(lastReply: nil, closeConnection: true)
        }
        let descriptors: VarlinkDescriptors
        switch inbound {
        case .received(let received):
            descriptors = received
        case .refused(let count):
            logger.notice(
                "Call refused: more descriptors than a message may carry", metadata: ["varlink.descriptors": "\(count)"]
            )
            return .finished(
                lastReply: message.oneway ? nil : VarlinkReplyEncoder.encode(descriptorsOverCap(count)),
                closeConnection: false)
        }
        let handler: VarlinkMethodHandler
        let signature: VarlinkMethodSignature
        let definition: VarlinkInterfaceDefinition
        switch router.route(message, peer: connection.peer, descriptorCount: descriptors.count) {
        case .reject(let error):
            inbound.close()
            logger.debug(
                "Call rejected",
                metadata: ["varlink.method": "\(message.method)", "varlink.error": "\(error.name)"])
            return .finished(
                lastReply: message.oneway ? nil : VarlinkReplyEncoder.encode(error), closeConnection: false)
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
        let call = VarlinkCall(
            method: message.method, parameters: message.parameters, more: message.more,
            oneway: message.oneway, connection: connection, logger: logger, descriptors: descriptors)
        guard case .immediate(let body) = handler.body else {
            return .needsTask(Pending(call: call, inbound: inbound, handler: handler, check: checked))
        }
        defer { inbound.close() }
        let reply: ByteBuffer?
        do {
            reply = try checked(VarlinkReplyEncoder.encode(parameters: body(call).parameters))
        } catch {
            reply = failure(error, logger: call.logger, check: checked)
        }
        return .finished(lastReply: message.oneway ? nil : reply, closeConnection: false)
    }

    /// Runs a call's handler; calls `output.finish` exactly once.
    func run(_ pending: Pending, output: VarlinkConnectionOutput) async {
        defer { pending.inbound.close() }
        let call = pending.call
        let check = pending.check
        let lastReply: ByteBuffer?
        do {
            let reply: VarlinkReply
            switch pending.handler.body {
            case .single(let body):
                reply = try await body(call)
            case .immediate(let body):
                reply = try body(call)
            case .streaming(let body):
                // Without `more` (a method that streams only when asked), intermediate replies
                // are not sent: the caller gets the last reply alone.
                let silent = call.oneway || !call.more
                let stream = VarlinkReplyStream { reply in
                    guard !silent else { return }
                    try await output.send(
                        try check(VarlinkReplyEncoder.encode(parameters: reply.parameters, continues: true)))
                }
                reply = try await body(call, stream)
            }
            lastReply = try check(VarlinkReplyEncoder.encode(parameters: reply.parameters))
        } catch {
            lastReply = failure(error, logger: call.logger, check: check)
        }
        output.finish(lastReply: call.oneway ? nil : lastReply, closeConnection: false)
    }

    /// The reply to a call whose handler (or reply check) threw; `nil` when there is none to
    /// send because the connection went away.
    private func failure(
        _ error: any Error, logger: Logger, check: (ByteBuffer) throws -> ByteBuffer
    ) -> ByteBuffer? {
        switch error {
        case let error as VarlinkError:
            do {
                return try check(VarlinkReplyEncoder.encode(error))
            } catch {
                logger.error("Method handler failed", metadata: ["varlink.error": "\(error)"])
                return VarlinkReplyEncoder.encode(internalError)
            }
        case VarlinkProtocolError.connectionClosed, is CancellationError:
            return nil
        default:
            logger.error("Method handler failed", metadata: ["varlink.error": "\(error)"])
            return VarlinkReplyEncoder.encode(internalError)
        }
    }
}
