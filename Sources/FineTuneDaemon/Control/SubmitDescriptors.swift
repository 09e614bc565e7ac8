import ControlProtocol
import Varlink

/// The descriptors of a `Jobs.Submit` call (systemd's Varlink convention: parameters name each
/// by its index among those sent with the message), taken out of the call and checked before the
/// submission is stored, without reading a byte.
///
/// Each bad descriptor is answered `io.finetuned.Jobs.InvalidDescriptor` naming the parameter:
/// an index with no descriptor (or one already used), or a descriptor that is not a regular file
/// open for reading (a directory, a socket, a pipe, a device, write-only or `O_PATH`). Pipes are
/// refused rather than read as streams: a submission's copy must be one it can make again from
/// the same file after a failed attempt, and a file's size is known before it is copied.
enum SubmitDescriptors {
    /// Training and validation (the grader travels as JSON).
    static let maximum = 2

    /// The checked sources, or nil when the request passes none (by path).
    ///
    /// - Throws: `InvalidDescriptor` or `InvalidParameter` (a path and a descriptor both, or neither).
    static func take(_ request: SubmissionRequest, from descriptors: VarlinkDescriptors) throws -> SubmissionSources? {
        if request.training_file_descriptor == nil && request.training_file == nil {
            throw ControlError.InvalidRequest(
                parameter: "training_file",
                reason: "give training_file (a path finetuned can read) or training_file_descriptor"
            ).varlinkError(interface: ControlMethod.Jobs.interface)
        }
        guard request.training_file_descriptor != nil || request.validation_file_descriptor != nil else { return nil }
        let training = try source(
            request.training_file_descriptor, "training_file_descriptor", request.training_file, descriptors)
        let validation = try source(
            request.validation_file_descriptor, "validation_file_descriptor", request.validation_file, descriptors)
        return SubmissionSources(training: training, validation: validation)
    }

    private static func source(
        _ index: Int?, _ parameter: String, _ name: String?, _ descriptors: VarlinkDescriptors
    ) throws -> ContentSource? {
        guard let index else { return nil }
        guard let descriptor = descriptors.take(index) else {
            throw invalid(
                parameter,
                descriptors.count == 0
                    ? "no descriptors came with the call (they are sent as SCM_RIGHTS with the message)"
                    : "no descriptor at index \(index) (the call carried \(descriptors.count), indices from 0; each is used once)"
            )
        }
        let source = ContentSource(descriptor: descriptor, name: name ?? "descriptor \(index)")
        do {
            try source.check()
        } catch {
            throw invalid(parameter, error.description)
        }
        return source
    }

    static func invalid(_ parameter: String, _ reason: String) -> VarlinkError {
        ControlError.InvalidDescriptor(parameter: parameter, reason: reason).varlinkError(
            interface: ControlMethod.Jobs.interface)
    }
}
