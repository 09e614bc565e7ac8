import Foundation
import JobStore
import Logging
import OpenAIFineTuning
import Synchronization
import TrainingData

/// Turns a submission into a job, durably. Every state is written to SQLite before the step it
/// names is acted on:
///
///     received → validated → uploading → uploaded → creating → created
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
    let logger: Logger

    /// Where a submission stands, for progress replies.
    enum Progress: Sendable {
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
        case api(OpenAIError)
    }

    /// Runs (or resumes) `submission` to `created`, reporting progress. Throws `Failure` after
    /// storing the submission as failed; other errors (the store itself) leave it resumable.
    func run(_ submission: SubmissionRecord, request: SubmissionRequest, progress: @Sendable (Progress) async -> Void)
        async throws -> JobRecord
    {
        var submission = submission
        do {
            if submission.state == .received {
                await progress(.validating)
                let report = try validate(submission, request)
                await progress(.validated(report))
                submission = try move(submission, to: .validated)
            }
            if submission.state == .validated || submission.state == .uploading {
                submission = try move(submission, to: .uploading)
                submission = try await upload(submission, progress: progress)
            }
            if submission.state == .uploaded || submission.state == .creating {
                await progress(.creating)
                if submission.state != .creating { submission = try move(submission, to: .creating) }
                let job = try await createOnce(submission, request)
                let record = try adopt(job, submission: submission)
                submission.jobID = job.id
                submission = try move(submission, to: .created)
                await progress(.created(record))
                return record
            }
            if submission.state == .created, let jobID = submission.jobID, let record = try store.job(id: jobID) {
                return record
            }
            throw Failure.api(OpenAIError(kind: .decoding, message: "submission in state \(submission.state)", request: "submit"))
        } catch let failure as Failure {
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

    private func validate(_ submission: SubmissionRecord, _ request: SubmissionRequest) throws -> ValidationReport {
        var options = ValidationOptions()
        options.model = request.model
        options.prices = prices
        if let epochs = request.hyperparameters?.n_epochs { options.epochs = .fixed(epochs) }
        if let method = request.method { options.format = method == "dpo" ? .dpo : (method == "reinforcement" ? .rft : .chat) }
        let training = URL(fileURLWithPath: submission.trainingFilePath)
        let report: ValidationReport
        do {
            report = try TrainingFileValidator.validate(
                url: training, validation: submission.validationFilePath.map(URL.init(fileURLWithPath:)), options: options)
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

    private func upload(_ submission: SubmissionRecord, progress: @Sendable (Progress) async -> Void) async throws
        -> SubmissionRecord
    {
        var submission = submission
        if submission.trainingFileID == nil {
            submission.trainingFileID = try await uploadFile(submission.trainingFilePath, progress: progress).id
            submission = try store.updateSubmission(submission)
        }
        if let path = submission.validationFilePath, submission.validationFileID == nil {
            submission.validationFileID = try await uploadFile(path, progress: progress).id
            submission = try store.updateSubmission(submission)
        }
        return try move(submission, to: .uploaded)
    }

    /// The Files API up to 512 MB, the Uploads API (64 MB parts) above.
    private func uploadFile(_ path: String, progress: @Sendable (Progress) async -> Void) async throws -> OpenAIFile {
        let size: Int64
        do {
            size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
        } catch {
            throw Failure.unreadable(path: path, reason: error.localizedDescription)
        }
        await progress(.uploading(sent: 0, total: size))
        let reporter = ProgressRelay()
        let relay: @Sendable (Int64) -> Void = { sent in reporter.set(sent) }
        let file: OpenAIFile = try await withThrowingTaskGroup(of: OpenAIFile?.self) { group in
            group.addTask {
                size > OpenAIClient.maxFileBytes
                    ? try await client.uploadLargeFile(at: path, progress: relay)
                    : try await client.uploadFile(at: path, progress: relay)
            }
            var result: OpenAIFile?
            while result == nil {
                let tick = Task { try? await Task.sleep(for: .milliseconds(250)) }
                group.addTask { await tick.value; return nil }
                if let value = try await group.next(), let file = value { result = file; break }
                await progress(.uploading(sent: reporter.value, total: size))
            }
            group.cancelAll()
            return result!
        }
        await progress(.uploading(sent: size, total: size))
        logger.info("uploaded \(path) as \(file.id) (\(file.bytes) bytes)")
        return file
    }

    /// Creates the job unless a job tagged with this submission already exists.
    private func createOnce(_ submission: SubmissionRecord, _ request: SubmissionRequest) async throws -> FineTuningJob {
        if let existing = try await client.listJobs(metadata: [SubmissionTag.metadataKey: submission.id]).data.first {
            logger.notice("submission \(submission.id): job \(existing.id) already exists; adopting it")
            return existing
        }
        guard let trainingFileID = submission.trainingFileID else {
            throw Failure.unreadable(path: submission.trainingFilePath, reason: "no uploaded file id")
        }
        let body = try request.createRequest(
            trainingFileID: trainingFileID, validationFileID: submission.validationFileID, submissionID: submission.id)
        let created: Result<FineTuningJob, OpenAIError>
        do {
            created = .success(try await client.createJob(body))
        } catch {
            created = .failure(error)
        }
        switch created {
        case .success(let job):
            return job
        case .failure(let error) where error.mayHaveTakenEffect:
            // The create may have happened: look before anything else is tried.
            if let existing = try await client.listJobs(metadata: [SubmissionTag.metadataKey: submission.id]).data.first {
                logger.notice("submission \(submission.id): the create's answer was lost; found job \(existing.id)")
                return existing
            }
            throw error
        case .failure(let error):
            throw error
        }
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
            return String(format: "estimated cost $%.2f is over the limit of $%.2f", estimated, limit)
        case .api(let error):
            return error.description
        }
    }
}

/// The latest byte count of an upload, written from the upload's task and read by the reporter.
final class ProgressRelay: Sendable {
    private let bytes = Synchronization.Atomic<Int64>(0)
    func set(_ value: Int64) { bytes.store(value, ordering: .relaxed) }
    var value: Int64 { bytes.load(ordering: .relaxed) }
}
