import ControlProtocol
import Varlink

/// Handlers registered by request type: the method's name comes from the type, and its
/// parameters are decoded once, into that type, before the body runs (a missing or mistyped
/// field is `org.varlink.service.InvalidParameter` naming it, as before any handler code runs).
extension VarlinkInterface {
    mutating func handle<Request: ControlRequestValue>(
        _ request: Request.Type, access: VarlinkMethodAccess,
        _ body: @escaping @Sendable (Request, VarlinkCall) async throws -> VarlinkReply
    ) {
        handle(String(Request.methodName), access: access) { call in
            try await body(call.decodeParameters(Request.self), call)
        }
    }

    /// A handler that answers at once on the connection's event loop, under the contract of
    /// `handleImmediately(_:access:_:)`: short, non-blocking, a lookup by key.
    mutating func handleImmediately<Request: ControlRequestValue>(
        _ request: Request.Type, access: VarlinkMethodAccess,
        _ body: @escaping @Sendable (Request, VarlinkCall) throws -> VarlinkReply
    ) {
        handleImmediately(String(Request.methodName), access: access) { call in
            try body(call.decodeParameters(Request.self), call)
        }
    }

    mutating func handleStreaming<Request: ControlRequestValue>(
        _ request: Request.Type, access: VarlinkMethodAccess, requiresMore: Bool = true,
        acceptingDescriptors: Int = 0,
        _ body: @escaping @Sendable (Request, VarlinkCall, VarlinkReplyStream) async throws -> VarlinkReply
    ) {
        handleStreaming(
            String(Request.methodName), access: access, requiresMore: requiresMore,
            acceptingDescriptors: acceptingDescriptors
        ) { call, stream in
            try await body(call.decodeParameters(Request.self), call, stream)
        }
    }
}
