import DaemonMetrics
import OpenAIFineTuning

extension SubmissionOutcome {
    /// The outcome of a submitter run that threw `error`.
    init(_ error: any Error) {
        switch error {
        case Submitter.Failure.invalidData: self = .invalidData
        case Submitter.Failure.unreadable: self = .unreadable
        case Submitter.Failure.overBudget: self = .overBudget
        case Submitter.Failure.api: self = .apiRefused
        case let error as OpenAIError: self = error.isFinal ? .apiRefused : .retrying
        default: self = .error
        }
    }
}
