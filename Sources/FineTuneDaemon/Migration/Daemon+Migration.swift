import ControlProtocol
import FoundationEssentials
import JobStore
import OpenAIFineTuning
import Varlink

/// `Jobs.Migrate`: a succeeded job submitted again on another account, through the normal
/// submission path (stored first, tagged, carried by a runner, resumed after a crash), so it is
/// exactly-once like any submit. The submission and its link to the original job are stored in
/// one transaction; asking again while one is under way (or done) answers with that one.
extension Daemon {
    /// Checks and plans the migration, then stores it (or finds the one already made). The caller
    /// follows the returned submission like a submit's.
    ///
    /// - Throws: `DaemonError.noSuchJob` / `.noSuchAccount`; Varlink errors
    ///   `io.finetuned.Jobs.MigrationRefused`, `TrainingFileNeeded`, `NoEquivalentModel`,
    ///   `JobCreationEnded`, `InvalidRequest`, `FileNotReadable`; `OpenAIError` when the target's
    ///   models list cannot be read.
    func startMigration(
        _ request: MigrationRequest, requestedBy uid: Int64?
    ) async throws
        -> (SubmissionRecord, SubmissionRequest)
    {
        guard let job = try store.job(id: request.id) else { throw DaemonError.noSuchJob(request.id) }
        guard let (target, _) = clients?.client(for: request.to) else { throw DaemonError.noSuchAccount(request.to) }
        if let existing = try store.migrations(ofJob: job.id).last(where: {
            $0.targetAccount == target.name && $0.state != SubmissionState.failed.rawValue && $0.state != "cancelled"
        }), let submission = try store.submission(id: existing.submissionID),
            let submitted = try? JSONDecoder().decode(SubmissionRequest.self, from: Data(submission.requestJSON.utf8))
        {
            logger.notice(
                "migration of job \(job.id) to \(target.name) is under way already (submission \(submission.id))")
            return (submission, submitted)
        }
        let planned = try await planMigration(request)
        // A plan always names its data by path (the kept copy or the user's file).
        guard let trainingPath = planned.training_file else {
            throw Self.varlinkError(.trainingFileNeeded(jobID: job.id, message: "no training data for job \(job.id)"))
        }
        let encoded = String(decoding: try JSONEncoder().encode(planned), as: UTF8.self)
        let record = SubmissionRecord(
            id: UUID().uuidString.lowercased(), account: target.name, trainingFilePath: trainingPath,
            validationFilePath: planned.validation_file, requestJSON: encoded, requestedByUID: uid)
        try store.createMigration(record, sourceJobID: job.id)
        logger.notice(
            "migrating job \(job.id) (\(job.model), account \(job.account)) to account \(target.name) as \(planned.model): submission \(record.id)"
        )
        return (try store.submission(id: record.id) ?? record, planned)
    }

    /// The submission a migration would make, checked (the target's job creation, its models
    /// list, the data's files), without storing anything: `Migrate` stores it, `PlanMigration`
    /// (`migrate --dry-run`) only shows it. Throws as ``startMigration(_:requestedBy:)``.
    func planMigration(_ request: MigrationRequest) async throws -> SubmissionRequest {
        guard let job = try store.job(id: request.id) else { throw DaemonError.noSuchJob(request.id) }
        guard let (target, client) = clients?.client(for: request.to) else {
            throw DaemonError.noSuchAccount(request.to)
        }
        if let refusal = jobCreationRefusal(account: target.name) { throw refusal }
        if request.training_type != nil {
            // Azure's trainingType is sent by the Azure data plane (issue 10, part A); until it is
            // merged this build cannot send it, and says so rather than drop it.
            throw ControlError.InvalidRequest(
                parameter: "training_type",
                reason: target.provider == .azure
                    ? "cannot be sent yet: this build has no Azure trainingType support"
                    : "is for Azure accounts; \(target.name) is not one"
            ).varlinkError(interface: ControlMethod.Jobs.interface)
        }
        let original = try job.submissionID.flatMap { try store.submission(id: $0) }
        let source = options.keptTrainingData ?? ContentStoreKeptTrainingData(store: store, content: contentStore)
        let kept = original.flatMap(source.keptCopy(of:))
        let listed = try await modelCatalog.models(of: target.name, client: client, maxAge: 60, now: options.clock())
        let fineTunable = FineTunableBases.list(
            listed: listed, provider: target.provider, today: today, table: retirementTable)
        let planned: SubmissionRequest
        do {
            planned = try MigrationPlan.make(
                job: job,
                request: MigrationRequest(
                    id: request.id, to: target.name, model: request.model,
                    training_file: request.training_file, validation_file: request.validation_file),
                kept: kept, hadValidationFile: job.validationFile != nil, fineTunable: fineTunable)
        } catch {
            throw Self.varlinkError(error)
        }
        try SubmitHandler.check(planned)
        let hyper = planned.hyperparameters
        if hyper?.n_epochs == nil || hyper?.batch_size == nil || hyper?.learning_rate_multiplier == nil {
            logger.notice(
                "job \(job.id): the API never showed all its resolved hyperparameters; those it did not are left to \(target.name) to choose (auto)"
            )
        }
        return planned
    }

    private static func varlinkError(_ refusal: MigrationRefusal) -> VarlinkError {
        refusal.controlError.varlinkError(interface: ControlMethod.Jobs.interface)
    }
}

extension MigrationRefusal {
    /// The `io.finetuned.Jobs` error that answers this refusal.
    var controlError: any ControlErrorValue {
        switch self {
        case .refused(let jobID, let message):
            ControlError.MigrationRefused(id: jobID, message: message)
        case .trainingFileNeeded(let jobID, let message):
            ControlError.TrainingFileNeeded(id: jobID, message: message)
        case .noEquivalentModel(let model, let account, let fineTunable, let message):
            ControlError.NoEquivalentModel(
                model: model, account: account, fine_tunable: fineTunable, message: message)
        }
    }
}
