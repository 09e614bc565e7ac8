/// Decides what to do with one call: which handler runs, or which error answers it.
///
/// Pure and synchronous (no I/O), so every rule is tested without sockets. The checks run in
/// this order, the first failing one answering the call:
/// 1. the interface exists → else `org.varlink.service.InterfaceNotFound`
/// 2. it declares the method → else `org.varlink.service.MethodNotFound`
/// 3. the call is not an `upgrade` and a handler is registered → else `MethodNotImplemented`
/// 4. the authorizer allows it (never asked for `org.varlink.service`) → else its error
/// 5. the parameters match the declared input → else `InvalidParameter` naming the field
/// 6. a streaming method was called with `more` → else `org.varlink.service.ExpectedMore`
public struct VarlinkCallRouter: Sendable {
    /// The decision for one call.
    public enum Decision: Sendable {
        /// Run the handler; the signature and the interface are there to check replies against.
        case invoke(VarlinkMethodHandler, VarlinkMethodSignature, VarlinkInterfaceDefinition)
        case reject(VarlinkError)
    }

    private let interfaces: [String: VarlinkInterface]
    private let authorizer: any VarlinkAuthorizer

    /// - Parameter interfaces: the server's interfaces; `org.varlink.service` should be among them.
    public init(interfaces: [VarlinkInterface], authorizer: any VarlinkAuthorizer) {
        self.interfaces = Dictionary(
            interfaces.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.authorizer = authorizer
    }

    public func route(_ call: VarlinkCallMessage, peer: PeerCredentials?) -> Decision {
        let interfaceName = call.interface
        let methodName = call.methodName
        guard let interface = interfaces[interfaceName] else {
            return .reject(.interfaceNotFound(interfaceName))
        }
        guard let signature = interface.definition.methods[methodName] else {
            return .reject(.methodNotFound(call.method))
        }
        guard !call.upgrade, let handler = interface.handlers[methodName] else {
            return .reject(.methodNotImplemented(call.method))
        }
        if interfaceName != VarlinkError.serviceInterface {
            let request = VarlinkAuthorizationRequest(
                peer: peer, interface: interfaceName, method: methodName, access: handler.access)
            if let denied = authorizer.authorize(request) { return .reject(denied) }
        }
        if let invalid = interface.definition.invalidParameter(in: call.parameters, for: signature) {
            return .reject(.invalidParameter(invalid))
        }
        if handler.isStreaming && handler.requiresMore && !call.more && !call.oneway {
            return .reject(.expectedMore)
        }
        return .invoke(handler, signature, interface.definition)
    }
}
