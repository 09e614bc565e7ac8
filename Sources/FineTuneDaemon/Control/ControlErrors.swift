import JobStore
import OpenAIFineTuning
import Varlink

/// The Varlink errors of the daemon's interfaces, with parameters a program can read.
enum ControlErrors {
    static func noSuchJob(_ interface: String, _ id: String) -> VarlinkError {
        VarlinkError(name: "\(interface).NoSuchJob", parameters: ["id": .string(id)])
    }

    static func noSuchModel(_ id: String) -> VarlinkError {
        VarlinkError(name: "io.finetuned.Models.NoSuchModel", parameters: ["id": .string(id)])
    }

    static func noSuchAccount(_ interface: String, _ account: String) -> VarlinkError {
        VarlinkError(name: "\(interface).NoSuchAccount", parameters: ["account": .string(account)])
    }

    /// An API failure as `INTERFACE.ApiError`: status, type, code, param, message, request id.
    static func api(_ interface: String, _ error: OpenAIError) -> VarlinkError {
        var parameters: [String: Varlink.JSONValue] = ["message": .string(error.description)]
        if let status = error.status { parameters["status"] = .integer(Int64(status)) }
        if let type = error.type { parameters["type"] = .string(type) }
        if let code = error.code { parameters["code"] = .string(code) }
        if let param = error.param { parameters["param"] = .string(param) }
        if let requestID = error.requestID { parameters["request_id"] = .string(requestID) }
        return VarlinkError(name: "\(interface).ApiError", parameters: parameters)
    }

    /// Maps whatever a handler hit to the interface's errors; unknown errors become the
    /// server's internal error (logged by the server, never leaking details to the client).
    static func map(_ error: any Error, interface: String) -> any Error {
        switch error {
        case let error as VarlinkError: return error
        case let error as OpenAIError: return api(interface, error)
        case DaemonError.noSuchJob(let id): return noSuchJob(interface, id)
        case DaemonError.noSuchAccount(let name): return noSuchAccount(interface, name)
        case JobStoreError.notFound(let kind, let id) where kind == "job": return noSuchJob(interface, id)
        case let error as DeploymentError: return deploymentRefused(error)
        default: return error
        }
    }
}
