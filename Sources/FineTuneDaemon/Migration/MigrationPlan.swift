import ControlProtocol
import FoundationEssentials
import JobStore
import OpenAIFineTuning

/// `Jobs.Migrate`'s (and `Jobs.PlanMigration`'s) parameters: the job, the target account, and
/// what the user chose instead of the planned defaults.
typealias MigrationRequest = ControlRequest.Jobs.Migrate

/// Why a migration cannot be planned; each becomes an `io.finetuned.Jobs` error.
enum MigrationRefusal: Error, Sendable, Equatable {
    /// The job has not succeeded (or the target is its own account, or cannot take jobs).
    case refused(jobID: String, message: String)
    /// The daemon keeps no copy of the data and none was given.
    case trainingFileNeeded(jobID: String, message: String)
    /// The target cannot fine-tune the mapped (or requested) base.
    case noEquivalentModel(model: String, account: String, fineTunable: [String], message: String)
}

/// The submission that re-creates a succeeded job on another account, decided without I/O.
///
/// The method, the hyperparameters as the finished job resolved them (never "auto" when the job
/// resolved them), the seed and the suffix are the original's; the base is mapped to one the
/// target can fine-tune today (`FineTunableBases`); the data is the kept copy or the user's.
/// The job's metadata is kept, plus `finetuned_migrated_from`.
enum MigrationPlan {
    static let migratedFromKey = "finetuned_migrated_from"

    static func make(
        job: JobRecord, request: MigrationRequest, kept: KeptCopy?, hadValidationFile: Bool,
        fineTunable: [String]
    ) throws(MigrationRefusal) -> SubmissionRequest {
        guard job.status == .succeeded else {
            throw .refused(
                jobID: job.id,
                message:
                    "job \(job.id) has not succeeded (it is \(job.status.rawValue)); only a succeeded job can be migrated"
            )
        }
        guard job.account != request.to else {
            throw .refused(
                jobID: job.id,
                message: "job \(job.id) is on account \(request.to) already; migrate it to another account")
        }
        let api = job.rawJSON.flatMap { try? JSONDecoder().decode(FineTuningJob.self, from: Data($0.utf8)) }
        // The data.
        let training: String
        let validation: String?
        if let given = request.training_file {
            training = given
            validation = request.validation_file
            if hadValidationFile && validation == nil {
                throw .trainingFileNeeded(
                    jobID: job.id,
                    message:
                        "job \(job.id) was trained with a validation file (\(job.validationFile ?? "?")); pass it with --validation-file too"
                )
            }
        } else if let kept {
            training = kept.trainingFile
            validation = request.validation_file ?? kept.validationFile
        } else {
            throw .trainingFileNeeded(
                jobID: job.id,
                message:
                    "finetuned keeps no copy of the data of job \(job.id) (\(job.submissionID == nil ? "it was tracked or adopted, not submitted through finetuned" : "none was kept when it was submitted, or the copy is gone")) and the provider never gives fine-tuning files back; pass the data with --training-file\(hadValidationFile ? " and --validation-file" : "")"
            )
        }
        // The base.
        let sourceBase = FineTunedModelName.root(of: job.model)
        guard let base = FineTunableBases.choose(for: sourceBase, requested: request.model, fineTunable: fineTunable)
        else {
            let asked = request.model ?? sourceBase
            throw .noEquivalentModel(
                model: asked, account: request.to, fineTunable: fineTunable,
                message: request.model != nil
                    ? "account \(request.to) cannot fine-tune \(asked) today"
                    : "account \(request.to) can fine-tune neither \(sourceBase) nor an equivalent (\(ModelFamilies.candidates(for: sourceBase).joined(separator: ", "))) today"
            )
        }
        // Method, resolved hyperparameters, seed, suffix.
        let method = api?.method
        let resolved = method?.hyperparameters ?? api?.hyperparameters
        var hyper = SubmissionRequest.Hyperparameters()
        hyper.n_epochs = resolved?.nEpochs?.value
        hyper.batch_size = resolved?.batchSize?.value
        hyper.learning_rate_multiplier = resolved?.learningRateMultiplier?.value
        hyper.beta = resolved?.beta?.value
        var metadata = (api?.metadata ?? [:]).filter { $0.key != SubmissionTag.metadataKey }
        metadata[migratedFromKey] = job.id
        return SubmissionRequest(
            training_file: training, validation_file: validation, model: base, account: request.to,
            method: method?.type.rawValue ?? "supervised",
            hyperparameters: hyper,
            grader: method?.reinforcement?.grader, suffix: api?.userProvidedSuffix ?? job.suffix, seed: api?.seed,
            metadata: metadata, integrations: nil, max_cost: nil)
    }
}
