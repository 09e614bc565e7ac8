/// Failures that stop a validation or conversion before any data can be judged.
/// Problems *in* the data are never thrown; they are ``Problem``s in the report.
public enum TrainingDataError: Error, Equatable, CustomStringConvertible {
    /// A file could not be opened, read or written.
    case io(path: String, reason: String)
    /// The input's format could not be understood (e.g. a CSV without the needed columns).
    case unsupportedInput(String)
    /// An option is out of range (e.g. a validation split of 1.5).
    case invalidOption(String)

    public var description: String {
        switch self {
        case .io(let path, let reason): "\(path): \(reason)"
        case .unsupportedInput(let detail): detail
        case .invalidOption(let detail): detail
        }
    }
}
