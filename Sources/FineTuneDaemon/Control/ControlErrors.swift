import ControlProtocol
import JobStore
import OpenAIFineTuning
import Varlink

/// The Varlink errors of the daemon's interfaces, with parameters a program can read.
enum ControlErrors {
    static func noSuchJob(_ interface: String, _ id: String) -> VarlinkError {
        ControlError.NoSuchJob(id: id).varlinkError(interface: interface)
    }

    static func noSuchModel(_ id: String) -> VarlinkError {
        ControlError.NoSuchModel(id: id).varlinkError(interface: ControlMethod.Models.interface)
    }

    static func noSuchAccount(_ interface: String, _ account: String) -> VarlinkError {
        ControlError.NoSuchAccount(account: account).varlinkError(interface: interface)
    }

    /// An API failure as `INTERFACE.ApiError`: status, type, code, param, message, request id.
    static func api(_ interface: String, _ error: OpenAIError) -> VarlinkError {
        ControlError.ApiError(
            status: error.status.map { Int64($0) }, type: error.type, code: error.code, param: error.param,
            message: error.description, request_id: error.requestID
        ).varlinkError(interface: interface)
    }

    /// Maps whatever a handler hit to the interface's errors; unknown errors become the
    /// server's internal error (logged by the server, never leaking details to the client).
    static func map(_ error: any Error, interface: String) -> any Error {
        switch error {
        case let error as VarlinkError: return error
        case let error as OpenAIError: return api(interface, error)
        case DaemonError.noSuchJob(let id): return noSuchJob(interface, id)
        case DaemonError.noSuchAccount(let name): return noSuchAccount(interface, name)
        case JobStoreError.notFound(.job, let id): return noSuchJob(interface, id)
        case let error as DeploymentError: return deploymentRefused(error)
        default: return error
        }
    }
}
