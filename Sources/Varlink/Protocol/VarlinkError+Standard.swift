/// The errors of `org.varlink.service`, which every Varlink service may answer with.
extension VarlinkError {
    /// The name of the interface every Varlink service implements.
    public static let serviceInterface = "org.varlink.service"

    /// The call named an interface this service does not implement.
    public static func interfaceNotFound(_ interface: String) -> VarlinkError {
        VarlinkError(
            name: "org.varlink.service.InterfaceNotFound", parameters: ["interface": .string(interface)])
    }

    /// The interface exists but does not declare the method.
    public static func methodNotFound(_ method: String) -> VarlinkError {
        VarlinkError(
            name: "org.varlink.service.MethodNotFound", parameters: ["method": .string(method)])
    }

    /// The interface declares the method but no handler was registered for it.
    public static func methodNotImplemented(_ method: String) -> VarlinkError {
        VarlinkError(
            name: "org.varlink.service.MethodNotImplemented", parameters: ["method": .string(method)])
    }

    /// A parameter is missing, unknown, or of the wrong type; `parameter` names it.
    public static func invalidParameter(_ parameter: String) -> VarlinkError {
        VarlinkError(
            name: "org.varlink.service.InvalidParameter", parameters: ["parameter": .string(parameter)])
    }

    /// The caller may not call this method (the standard name, as newer systemd uses it).
    public static let permissionDenied = VarlinkError(name: "org.varlink.service.PermissionDenied")

    /// The method streams its replies and must be called with `more: true`.
    public static let expectedMore = VarlinkError(name: "org.varlink.service.ExpectedMore")

    /// Whether this is one of the `org.varlink.service` errors.
    public var isServiceError: Bool { name.hasPrefix("org.varlink.service.") }
}
