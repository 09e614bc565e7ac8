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
/// 7. the call carries no more descriptors than the method accepts → else `descriptorsRefused`
public struct VarlinkCallRouter: Sendable {
    /// The decision for one call.
    public enum Decision: Sendable {
        /// Run the handler; the signature and the interface are there to check replies against.
        case invoke(VarlinkMethodHandler, VarlinkMethodSignature, VarlinkInterfaceDefinition)
        case reject(VarlinkError)
    }

    private let interfaces: [String: VarlinkInterface]
    private let authorizer: any VarlinkAuthorizer
    private let descriptorsRefused: @Sendable (_ accepted: Int, _ received: Int) -> VarlinkError

    /// - Parameters:
    ///   - interfaces: the server's interfaces; `org.varlink.service` should be among them.
    ///   - descriptorsRefused: the answer to a call carrying more descriptors than its method accepts.
    public init(
        interfaces: [VarlinkInterface], authorizer: any VarlinkAuthorizer,
        descriptorsRefused: @escaping @Sendable (_ accepted: Int, _ received: Int) -> VarlinkError = {
            accepted, received in
            VarlinkServerConfiguration.defaultDescriptorsRefused(accepted: accepted, received: received)
        }
    ) {
        self.interfaces = Dictionary(
            interfaces.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.authorizer = authorizer
        self.descriptorsRefused = descriptorsRefused
    }

    /// - Parameter descriptorCount: how many file descriptors came with the call.
    public func route(_ call: VarlinkCallMessage, peer: PeerCredentials?, descriptorCount: Int = 0) -> Decision {
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
        if descriptorCount > handler.acceptedDescriptors {
            return .reject(descriptorsRefused(handler.acceptedDescriptors, descriptorCount))
        }
        return .invoke(handler, signature, interface.definition)
    }
}
