import OpenAIFineTuning

/// What ended an account's poll cycle early, by whose fault: the API's (an `OpenAIError`, which
/// the account's health classifies), or the daemon's own (its database), which says nothing
/// about the account.
public enum PollFailure: Error, Sendable, CustomStringConvertible {
    case api(OpenAIError)
    /// The daemon failed, not the API (its store could not be read or written: `.storeFailed`).
    case daemon(DaemonError)

    /// The loop is stopping or reloading: nothing to report about the account.
    var isCancellation: Bool {
        if case .api(let error) = self { return error.kind == .cancelled }
        return false
    }

    public var description: String {
        switch self {
        case .api(let error): error.description
        case .daemon(let error): "finetuned: \(error) [\(error.code)]"
        }
    }
}
