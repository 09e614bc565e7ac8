/// The descriptors that came with one message, as the connection hands them to the call.
enum VarlinkInboundDescriptors: Sendable {
    /// Within the cap (possibly none); the call owns them.
    case received(VarlinkDescriptors)
    /// More than the cap allows (or more than the kernel would pass): all were closed on
    /// arrival; the call is answered with the configured error.
    case refused(count: Int)

    static var none: VarlinkInboundDescriptors { .received(.none) }

    /// Closes whatever is still open (a message that will never run).
    func close() {
        if case .received(let descriptors) = self { descriptors.closeRemaining() }
    }
}
