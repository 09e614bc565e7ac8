/// Errors of the daemon's own making, apart from the API's (`OpenAIError`): the control service
/// maps them to Varlink errors, and account health tells them from the API's failures.
public enum DaemonError: Error, Sendable, Equatable, CustomStringConvertible {
    case noSuchAccount(String)
    case noSuchJob(String)
    /// The submission is being carried out already.
    case submissionBusy(String)
    /// The daemon's database could not be read or written (the store's own error, described).
    case storeFailed(String)
    /// Something the daemon did not expect failed (described).
    case unexpected(String)

    /// A stable code for programs and logs.
    public var code: String {
        switch self {
        case .noSuchAccount: "no-such-account"
        case .noSuchJob: "no-such-job"
        case .submissionBusy: "submission-busy"
        case .storeFailed: "store-failed"
        case .unexpected: "unexpected"
        }
    }

    public var description: String {
        switch self {
        case .noSuchAccount(let name): "no account named \(name)"
        case .noSuchJob(let id): "no job \(id)"
        case .submissionBusy(let id): "submission \(id) is being carried out already"
        case .storeFailed(let detail): "the daemon's database failed: \(detail)"
        case .unexpected(let detail): "the daemon failed: \(detail)"
        }
    }
}
