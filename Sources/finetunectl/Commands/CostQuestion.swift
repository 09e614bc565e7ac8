import ControlProtocol
import Foundation
import TrainingData

/// "Expensive submits ask first": on a terminal, a submit whose estimated cost is above a
/// threshold asks for confirmation before anything is sent. The estimate is made here, from the
/// file as the user can read it, with the same validator the daemon uses. Not on a terminal
/// (standard input or error), nothing is asked.
struct CostQuestion {
    static let defaultThreshold = 25.0
    static let environmentKey = "FINETUNECTL_CONFIRM_ABOVE"

    let cost: Double
    let threshold: Double
    let tokens: Int
    let model: String

    /// The question to ask, or nil: not on a terminal, under the threshold, or no estimate (a
    /// file finetunectl cannot read, a model priced by time).
    init?(command: SubmitCommand, parameters: ControlRequest.Jobs.Submit) throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDERR_FILENO) == 1 else { return nil }
        var threshold = command.confirmAbove ?? Self.defaultThreshold
        if command.confirmAbove == nil, let text = ProcessInfo.processInfo.environment[Self.environmentKey],
            !text.isEmpty
        {
            guard let value = Double(text), value >= 0 else {
                throw CtlFailure("$\(Self.environmentKey) must be an amount in USD, not \"\(text)\"")
            }
            threshold = value
        }
        var options = ValidationOptions()
        options.model = parameters.model
        if let epochs = parameters.hyperparameters?.n_epochs { options.epochs = .fixed(epochs) }
        if let method = parameters.method {
            options.format = method == "dpo" ? .dpo : (method == "reinforcement" ? .rft : .chat)
        }
        guard let training = parameters.training_file,
            let report = try? TrainingFileValidator.validate(
                url: URL(fileURLWithPath: training),
                validation: parameters.validation_file.map { URL(fileURLWithPath: $0) }, options: options),
            let cost = report.estimatedCostUSD, cost > threshold
        else { return nil }
        self.cost = cost
        self.threshold = threshold
        self.tokens = report.billedTokens
        self.model = parameters.model
    }

    /// Asks on standard error and reads the answer from standard input: true for y or yes.
    func ask() -> Bool {
        var text = String(format: "The estimated cost is $%.2f", cost)
        text += " (\(grouped(tokens)) billed tokens on \(model))"
        text += String(format: ", above $%.2f. Submit? [y/N] ", threshold)
        StandardStreams.err(text)
        guard let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() else { return false }
        return answer == "y" || answer == "yes"
    }
}
