import FoundationEssentials
import JobStore
import Logging
import OpenAIFineTuning
import Synchronization
import TrainingData

/// Turns a submission into a job, durably. Every state is written to SQLite before the step it
/// names is acted on:
///
///     received → (kept) → validated → uploading → uploaded → creating → created
///                                  ↘ failed (from any unfinished state)
///
/// After a crash, `resume` continues each unfinished submission from its stored state. The one
/// step that must never be repeated blindly is the job create: before creating again, the
/// submitter looks for a job tagged with the submission's id
/// (`metadata[finetuned_submission]`), so a create whose answer was lost is adopted, not doubled.
struct Submitter: Sendable {
    let store: JobStore
    let account: AccountConfiguration
    let client: OpenAIClient
    let prices: PriceTable
    let maxEstimatedCost: Double?
    /// How long after its request timeout a create that was in flight may still land.
    let createLandingMargin: Duration
    let logger: Logger
    /// Checks the model before anything is uploaded.
    var modelCheck = ModelCheck()
    /// When the resumable Uploads API is used, and its part size.
    var uploads = UploadOptions()
    /// One upload step per content key at a time; shared with the orphan deletion.
    var uploadGate = UploadGate()
    /// Where the daemon keeps its copies of the data; validation and upload read only those.
    let contentStore: ContentStore
    /// The descriptors the data came as, for a submission not yet copied in this run.
    var sources: SubmissionSources?

    /// Where a submission stands, for progress replies.
    enum Progress: Sendable {
        /// Copying the data into the content store (bytes so far).
        case copying(copied: Int64)
        case validating
        case validated(ValidationReport)
        case uploading(sent: Int64, total: Int64)
        case creating
        case created(JobRecord)
    }

    /// A submission that cannot go on; stored as `failed` with the reason.
    enum Failure: Error {
        case invalidData(path: String, report: ValidationReport)
        case unreadable(path: String, reason: String)
        case overBudget(estimated: Double, limit: Double)
        case invalidModel(ModelCheck.Refusal)
        /// A user cancelled the submission (stored as such already).
        case cancelled
        case api(OpenAIError)
        /// The daemon found the submission where no step continues it (a stored state the
        /// runner does not expect): the daemon's own failure, not the API's.
        case daemon(DaemonError)
    }

    /// Runs (or resumes) `submission` to `created`, reporting progress. Throws `Failure` after
    /// storing the submission as failed; other errors (the store itself) leave it resumable.
    func run(
        _ submission: SubmissionRecord, request: SubmissionRequest, progress: @Sendable (Progress) async -> Void
    )
        async throws -> JobRecord
    {
        var submission = submission
        do {
            if submission.state == .received {
                let files = try await keep(submission, request, progress: progress)
                await progress(.validating)
                let report = try await validate(submission, request, files: files)
                await progress(.validated(report))
                submission = try move(submission, to: .validated)
            }
            if submission.state == .validated || submission.state == .uploading {
                // Kept before validation; a submission stored by an older version is kept now.
                let files = try await keep(submission, request, progress: progress)
                submission = try move(submission, to: .uploading)
                submission = try await upload(submission, files: files, progress: progress)
            }
            if submission.state == .uploaded || submission.state == .creating {
                await progress(.creating)
                let job = try await createOnce(&submission, request)
                let record = try adopt(job, submission: submission)
                submission.jobID = job.id
                submission = try move(submission, to: .created)
                await progress(.created(record))
                return record
            }
            if submission.state == .created, let jobID = submission.jobID, let record = try store.job(id: jobID) {
                return record
            }
            throw Failure.daemon(
                .unexpected(
                    "submission \(submission.id) is in state \(submission.state.rawValue), which no step continues"))
        } catch let failure as Failure {
            if case .cancelled = failure { throw failure }
            submission.error = describe(failure)
            _ = try? move(submission, to: .failed)
            logger.warning("submission \(submission.id) failed: \(submission.error ?? "")")
            throw failure
        } catch let error as OpenAIError where error.isFinal {
            submission.error = error.description
            _ = try? move(submission, to: .failed)
            logger.warning("submission \(submission.id) failed: \(error)")
            throw Failure.api(error)
        }
    }

    /// The model first (cheap, and it needs no file), then the data, on a thread of its own
    /// (``OffPool``), then the cost.
    private func validate(
        _ submission: SubmissionRecord, _ request: SubmissionRequest, files: KeptFiles
    ) async throws
        -> ValidationReport
    {
        do {
            try await modelCheck.check(request.model, account: account, client: client, logger: logger)
        } catch let refusal as ModelCheck.Refusal {
            throw Failure.invalidModel(refusal)
        }
        var options = ValidationOptions()
        options.model = request.model
        // One core stays for the socket and the poll loop.
        options.workers = max(1, ProcessInfo.processInfo.activeProcessorCount - 1)
        options.prices = prices
        if let epochs = request.hyperparameters?.n_epochs { options.epochs = .fixed(epochs) }
        if let method = request.method {
            options.format = method == "dpo" ? .dpo : (method == "reinforcement" ? .rft : .chat)
        }
        let training = URL(fileURLWithPath: files.training.path)
        let validation = files.validation.map { URL(fileURLWithPath: $0.path) }
        let report: ValidationReport
        do {
            let frozen = options
            report = try await OffPool.run(name: "validate \(submission.id)") { isCancelled in
                var options = frozen
                options.isCancelled = isCancelled
                defer { BPEEncoding.unloadAll() }  // its ~7 MB index, before OffPool trims (Benchmarks)
                return try TrainingFileValidator.validate(url: training, validation: validation, options: options)
            }
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw Failure.unreadable(path: submission.trainingFilePath, reason: String(describing: error))
        }
        if report.hasErrors { throw Failure.invalidData(path: submission.trainingFilePath, report: report) }
        let limit = request.max_cost ?? maxEstimatedCost
        if let limit, let cost = report.estimatedCostUSD, cost > limit {
            throw Failure.overBudget(estimated: cost, limit: limit)
        }
        return report
    }

    /// Uploads the training and validation files (each at most once per account and content,
    /// see ``UploadStep``), storing each file id on the submission as soon as it is known.
    private func upload(
        _ submission: SubmissionRecord, files: KeptFiles, progress: @Sendable (Progress) async -> Void
    ) async throws -> SubmissionRecord {
        var submission = submission
        let step = UploadStep(
            store: store, account: account.name, client: client, options: uploads, gate: uploadGate, logger: logger)
        do {
            if submission.trainingFileID == nil {
                _ = try await step.upload(
                    source(files.training, name: submission.trainingFilePath),
                    progress: {
                        await progress(.uploading(sent: $0, total: $1))
                    }
                ) { id in
                    submission.trainingFileID = id
                    submission = try store.updateSubmission(submission)
                }
            }
            if let validation = files.validation, submission.validationFileID == nil {
                _ = try await step.upload(
                    source(validation, name: submission.validationFilePath ?? ""),
                    progress: {
                        await progress(.uploading(sent: $0, total: $1))
                    }
                ) { id in
                    submission.validationFileID = id
                    submission = try store.updateSubmission(submission)
                }
            }
        } catch let refusal as UploadStep.Refusal {
            switch refusal {
            case .unreadable(let path, _), .tooLarge(let path, _):
                throw Failure.unreadable(path: path, reason: refusal.reason)
            }
        }
        return try move(submission, to: .uploaded)
    }

    /// What the upload step sends: the content store's copy (its path and sha256), never the
    /// user's file, named on the API after the user's name for it.
    private func source(_ content: StoredContent, name: String) -> UploadSource {
        var source = UploadSource(path: content.path, sha256: content.sha256, originalName: name)
        source.filename = Self.uploadName(name, sha256: content.sha256)
        return source
    }

    /// The file name the API shows for an upload: the last component of the user's name for the
    /// file when it is a `.jsonl` name, else one made from the content's digest.
    static func uploadName(_ name: String, sha256: String) -> String {
        let last = PathText.lastComponent(of: name)
        return last.hasSuffix(".jsonl") ? last : "\(sha256.prefix(16)).jsonl"
    }

    /// Creates the job exactly once.
    ///
    /// - A create sent before (by this process, or by one that was killed while it was in flight)
    ///   may still land: nothing is looked up or sent until it has had time to, that is until its
    ///   stored send time plus the request timeout plus `createLandingMargin`. Then the jobs
    ///   carrying the submission's tag are looked up, and one found is adopted.
    /// - The send time is stored before every create is sent.
    /// - After a create, the jobs carrying the tag are listed again (`keepOne`): if a late
    ///   create made a second job, the oldest is kept and the others cancelled before they train.
    private func createOnce(
        _ submission: inout SubmissionRecord, _ request: SubmissionRequest
    ) async throws
        -> FineTuningJob
    {
        let mayHaveSent = submission.state == .creating
        if let sent = submission.createSentAt {
            let landed = Date(timeIntervalSince1970: sent)
                .addingTimeInterval((account.requestTimeout + createLandingMargin).seconds)
            let wait = landed.timeIntervalSinceNow
            if wait > 0 {
                logger.notice(
                    "submission \(submission.id): a create sent earlier may still land; looking for its job in \(Int(wait.rounded(.up))) s"
                )
                try await Task.sleep(for: .milliseconds(Int64(wait * 1000)))
            }
        }
        if mayHaveSent, let existing = try await keepOne(of: tagged(submission), submission: submission) {
            logger.notice("submission \(submission.id): job \(existing.id) already exists; adopting it")
            return existing
        }
        guard let trainingFileID = submission.trainingFileID else {
            throw Failure.unreadable(path: submission.trainingFilePath, reason: "no uploaded file id")
        }
        let body = try request.createRequest(
            trainingFileID: trainingFileID, validationFileID: submission.validationFileID, submissionID: submission.id)
        submission.state = .creating
        submission.createSentAt = Date().timeIntervalSince1970
        submission = try store.updateSubmission(submission)
        let created: Result<FineTuningJob, OpenAIError>
        do {
            created = .success(try await client.createJob(body))
        } catch {
            created = .failure(error)
        }
        switch created {
        case .success(let job):
            // Cancelled while the create was in flight: the job must not train.
            if (try? store.submission(id: submission.id))?.cancelledAt != nil {
                _ = try? await client.cancelJob(job.id)
                logger.notice(
                    "submission \(submission.id) was cancelled while its create was in flight; cancelled job \(job.id)")
                throw Failure.cancelled
            }
            // A create of a killed predecessor can land after ours: keep one.
            let others = (try? await tagged(submission)) ?? []
            // The create's answer is this submission's job, whether or not it echoes the tag.
            var created = job
            created.metadata = (job.metadata ?? [:]).merging([SubmissionTag.metadataKey: submission.id]) { kept, _ in
                kept
            }
            return try await keepOne(of: others + [created], submission: submission) ?? job
        case .failure(let error) where error.mayHaveTakenEffect:
            // The create may have happened: look before anything else is tried.
            if let existing = try? await keepOne(of: tagged(submission), submission: submission) {
                logger.notice("submission \(submission.id): the create's answer was lost; found job \(existing.id)")
                return existing
            }
            throw error
        case .failure(let error) where error.kind == .api:
            // The API answered that the create was not carried out: no create is in flight, so
            // the next try need not wait for one to land.
            submission.createSentAt = nil
            submission = try store.updateSubmission(submission)
            throw error
        case .failure(let error):
            throw error
        }
    }

    /// The jobs on the API carrying the submission's tag, matched here on every service (Azure's
    /// job list has no metadata filter): none can be older than the submission, give or take
    /// the clocks' skew.
    private func tagged(_ submission: SubmissionRecord) async throws -> [FineTuningJob] {
        try await client.jobs(
            taggedWith: SubmissionTag.metadataKey, value: submission.id,
            createdSince: Int(submission.createdAt) - SubmissionTag.clockSkewSeconds)
    }

    /// Of the jobs carrying the submission's tag, keeps the oldest (by creation, then id) and
    /// cancels the others that have not ended, recording them on the submission. Nil when there
    /// are none.
    private func keepOne(of jobs: [FineTuningJob], submission: SubmissionRecord) async throws -> FineTuningJob? {
        var byID: [String: FineTuningJob] = [:]
        for job in jobs where job.metadata?[SubmissionTag.metadataKey] == submission.id {
            byID[job.id] = job
        }
        let ordered = byID.values.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
        guard let kept = ordered.first else { return nil }
        let duplicates = ordered.dropFirst()
        guard !duplicates.isEmpty else { return kept }
        for job in duplicates where !job.status.isTerminal {
            let outcome: Result<FineTuningJob, OpenAIError>
            do {
                outcome = .success(try await client.cancelJob(job.id))
            } catch {
                outcome = .failure(error)
            }
            if case .failure(let error) = outcome, !error.isFinal {
                // The poll loop cancels it at its next cycle (it checks every tagged job it sees).
                logger.warning("submission \(submission.id): cannot cancel duplicate job \(job.id) yet: \(error)")
            }
        }
        try store.recordDuplicateJobs(submissionID: submission.id, jobIDs: duplicates.map(\.id))
        logger.warning(
            "submission \(submission.id): \(duplicates.count + 1) jobs carry its tag; kept \(kept.id), cancelled \(duplicates.map(\.id).joined(separator: ", "))"
        )
        return kept
    }

    /// Stores the new job as tracked, linked to its submission (one transaction).
    private func adopt(_ job: FineTuningJob, submission: SubmissionRecord) throws -> JobRecord {
        var record = RecordMapping.job(job, account: account.name)
        record.isTracked = true
        record.submissionID = submission.id
        try store.apply(PollUpdate(job: record, polledAt: Int64(Date().timeIntervalSince1970)))
        return try store.job(id: job.id) ?? record
    }

    private func move(_ submission: SubmissionRecord, to state: SubmissionState) throws -> SubmissionRecord {
        var next = submission
        next.state = state
        return try store.updateSubmission(next)
    }

    private func describe(_ failure: Failure) -> String {
        switch failure {
        case .invalidData(let path, let report):
            return "\(path): \(report.errorCount) error(s) in the training data"
        case .unreadable(let path, let reason):
            return "\(path): \(reason)"
        case .overBudget(let estimated, let limit):
            return
                "estimated cost $\(NumberText.fixed(estimated, digits: 2)) is over the limit of $\(NumberText.fixed(limit, digits: 2))"
        case .invalidModel(let refusal):
            return refusal.description
        case .cancelled:
            return "cancelled by the user"
        case .api(let error):
            return error.description
        case .daemon(let error):
            return error.description
        }
    }
}
