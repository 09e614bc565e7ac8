/// `org.varlink.service`, which every Varlink service implements: `GetInfo` and
/// `GetInterfaceDescription`.
enum VarlinkServiceInterface {
    /// The interface description, as published on varlink.org.
    static let description = """
        # The Varlink Service Interface is provided by every varlink service. It
        # describes the service and the interfaces it implements.
        interface org.varlink.service

        # Get a list of all the interfaces a service provides and information
        # about the implementation.
        method GetInfo() -> (
          vendor: string,
          product: string,
          version: string,
          url: string,
          interfaces: []string
        )

        # Get the description of an interface that is implemented by this service.
        method GetInterfaceDescription(interface: string) -> (description: string)

        # The requested interface was not found.
        error InterfaceNotFound (interface: string)

        # The requested method was not found
        error MethodNotFound (method: string)

        # The interface defines the requested method, but the service does not
        # implement it.
        error MethodNotImplemented (method: string)

        # One of the passed parameters is invalid.
        error InvalidParameter (parameter: string)

        # Client is denied access
        error PermissionDenied ()

        # Method is expected to be called with 'more' set to true, but wasn't
        error ExpectedMore ()

        """

    private struct Info: Encodable, Sendable {
        let vendor: String
        let product: String
        let version: String
        let url: String
        let interfaces: [String]
    }

    private struct DescriptionParameters: Decodable {
        let interface: String
    }

    private struct Description: Encodable, Sendable {
        let description: String
    }

    /// The interface, answering for `others` (the server's own interfaces) and itself.
    ///
    /// - Throws: ``VarlinkIDLError`` if the description above does not parse (it is a
    ///   constant the tests parse, so this is a programming error reported, not a crash).
    static func make(
        configuration: VarlinkServerConfiguration, others: [VarlinkInterface]
    )
        throws -> VarlinkInterface
    {
        var service = try VarlinkInterface(description: description)
        var descriptions = Dictionary(
            others.map { ($0.name, $0.descriptionText) }, uniquingKeysWith: { first, _ in first })
        descriptions[service.name] = description
        let info = Info(
            vendor: configuration.vendor, product: configuration.product, version: configuration.version,
            url: configuration.url, interfaces: descriptions.keys.sorted())
        let known = descriptions
        service.handleImmediately("GetInfo", access: .read) { _ in VarlinkReply(info) }
        service.handleImmediately("GetInterfaceDescription", access: .read) { call in
            let name = try call.decodeParameters(DescriptionParameters.self).interface
            guard let text = known[name] else { throw VarlinkError.interfaceNotFound(name) }
            return VarlinkReply(Description(description: text))
        }
        return service
    }
}
