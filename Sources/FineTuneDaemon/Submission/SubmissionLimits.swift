/// The API's documented limits on a create request (../shared/reference/openai-fine-tuning-api.md,
/// section 2), checked when `Jobs.Submit` is called, before anything is stored or uploaded.
enum SubmissionLimits {
    static let maxSuffixLength = 64
    static let maxMetadataPairs = 16
    static let maxMetadataKeyLength = 64
    static let maxMetadataValueLength = 512
    static let epochs = 1...50
    static let batchSize = 1...256

    /// A parameter outside its limits: the Submit parameter's name (dotted) and why.
    struct Violation: Error, Equatable, CustomStringConvertible {
        var parameter: String
        var reason: String
        var description: String { "\(parameter): \(reason)" }
    }

    /// The first violation in `request`, or nil. The daemon's own tag takes one metadata pair.
    static func check(_ request: SubmissionRequest) -> Violation? {
        if let suffix = request.suffix {
            if suffix.isEmpty { return Violation(parameter: "suffix", reason: "must not be empty") }
            if suffix.count > maxSuffixLength {
                return Violation(
                    parameter: "suffix",
                    reason: "is \(suffix.count) characters; the API allows at most \(maxSuffixLength)")
            }
        }
        if let method = request.method, !["supervised", "dpo", "reinforcement"].contains(method) {
            return Violation(parameter: "method", reason: "must be supervised, dpo or reinforcement, not \"\(method)\"")
        }
        if let metadata = request.metadata {
            if metadata.count > maxMetadataPairs - 1 {
                return Violation(
                    parameter: "metadata",
                    reason:
                        "has \(metadata.count) pairs; the API allows \(maxMetadataPairs), and finetuned uses one (\(SubmissionTag.metadataKey))"
                )
            }
            if metadata[SubmissionTag.metadataKey] != nil {
                return Violation(parameter: "metadata.\(SubmissionTag.metadataKey)", reason: "is finetuned's own tag")
            }
            for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
                if key.isEmpty || key.count > maxMetadataKeyLength {
                    return Violation(
                        parameter: "metadata",
                        reason: "key \"\(key.prefix(80))\" must be 1…\(maxMetadataKeyLength) characters")
                }
                if value.count > maxMetadataValueLength {
                    return Violation(
                        parameter: "metadata.\(key)",
                        reason: "is \(value.count) characters; the API allows at most \(maxMetadataValueLength)")
                }
            }
        }
        if let hyper = request.hyperparameters {
            if let value = hyper.n_epochs, !epochs.contains(value) {
                return Violation(parameter: "hyperparameters.n_epochs", reason: "is \(value); the API allows 1…50")
            }
            if let value = hyper.batch_size, !batchSize.contains(value) {
                return Violation(parameter: "hyperparameters.batch_size", reason: "is \(value); the API allows 1…256")
            }
            if let value = hyper.learning_rate_multiplier, !(value > 0 && value.isFinite) {
                return Violation(
                    parameter: "hyperparameters.learning_rate_multiplier",
                    reason: "is \(value); it must be greater than 0")
            }
            if let value = hyper.beta {
                if request.method != "dpo" {
                    return Violation(parameter: "hyperparameters.beta", reason: "applies to the dpo method only")
                }
                if !(value > 0 && value <= 2) {
                    return Violation(
                        parameter: "hyperparameters.beta", reason: "is \(value); the API allows more than 0, up to 2")
                }
            }
        }
        if let type = request.training_type, !SubmissionRequest.trainingTypes.contains(type) {
            return Violation(
                parameter: "training_type",
                reason: "must be \(SubmissionRequest.trainingTypes.joined(separator: ", ")), not \"\(type)\"")
        }
        if let cost = request.max_cost, !(cost >= 0) {
            return Violation(parameter: "max_cost", reason: "must not be negative")
        }
        return nil
    }
}
