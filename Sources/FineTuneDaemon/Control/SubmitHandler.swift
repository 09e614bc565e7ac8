import ControlProtocol
import FoundationEssentials
import Glibc
import JobStore
import TrainingData
import Varlink

/// `io.finetuned.Jobs.Submit`: checks the request against the API's limits and its descriptors
/// (``SubmitDescriptors``), stores the submission before a byte of data is read, and hands it to
/// a runner of its own (`Daemon.startSubmission`), which keeps the daemon's copy of the data,
/// validates and uploads that copy, and creates the job, off the tasks that serve the socket.
///
/// With `more`, the first reply comes at once: state `received` and the submission id. Progress
/// replies follow. The last reply is `created` with the job, or `waiting` (a transient failure:
/// the submission is accepted and tried again at `next_attempt_at`; not an error). Only final
/// outcomes are errors. Without `more`, the one reply is the last one.
struct SubmitHandler {
    let daemon: any SubmissionsControl

    func submit(
        _ request: SubmissionRequest, _ call: VarlinkCall, _ stream: VarlinkReplyStream
    ) async throws -> VarlinkReply {
        if let account = daemon.account(named: request.account)?.name,
            let refusal = daemon.jobCreationRefusal(account: account)
        {
            throw refusal
        }
        // Descriptors first: every one the call carried is taken (and so closed on every path).
        let sources = try SubmitDescriptors.take(request, from: call.descriptors)
        try Self.check(request)
        if request.training_type != nil, let account = daemon.account(named: request.account),
            !account.authStyle.isAzure
        {
            throw ControlError.InvalidRequest(
                parameter: "training_type",
                reason: "applies to Azure OpenAI accounts only; account \(account.name) is not one"
            ).varlinkError(interface: ControlMethod.Jobs.interface)
        }
        let submission = try daemon.createSubmission(request, requestedBy: call.connection.peer.map { Int64($0.uid) })
        return try await follow(submission, request: request, sources: sources, call: call, stream: stream)
    }

    /// The request against the API's limits, and the files it names by path readable by the
    /// daemon (absolute paths). Files passed as descriptors are checked by `SubmitDescriptors`.
    static func check(_ request: SubmissionRequest) throws {
        if let violation = SubmissionLimits.check(request) {
            throw ControlError.InvalidRequest(parameter: violation.parameter, reason: violation.reason)
                .varlinkError(interface: ControlMethod.Jobs.interface)
        }
        let paths = [
            request.trainingByDescriptor ? nil : request.training_file,
            request.validationByDescriptor ? nil : request.validation_file,
        ]
        for path in paths.compactMap({ $0 }) {
            guard path.hasPrefix("/") else {
                throw ControlError.FileNotReadable(path: path, reason: "the path must be absolute")
                    .varlinkError(interface: ControlMethod.Jobs.interface)
            }
            guard access(path, R_OK) == 0 else {
                throw ControlError.FileNotReadable(path: path, reason: String(cString: strerror(errno)))
                    .varlinkError(interface: ControlMethod.Jobs.interface)
            }
        }
    }

    /// Starts (or joins) the runner of a stored submission and replies as `Submit` does: with
    /// `more`, at once and at each step; the last reply is `created` or `waiting`.
    func follow(
        _ submission: SubmissionRecord, request: SubmissionRequest, sources: SubmissionSources? = nil,
        call: VarlinkCall, stream: VarlinkReplyStream
    ) async throws -> VarlinkReply {
        let state = SubmitProgressState(submissionID: submission.id)
        let more = call.more
        let events = daemon.startSubmission(submission.id, request: request, sources: sources, follow: true)
        if more { try? await stream.send(state.reply) }
        for await event in events {
            switch event {
            case .progress(let progress):
                state.apply(progress)
                // `created` is the last reply, returned below, not a `continues` one.
                if more, case .created = progress {} else if more { try? await stream.send(state.reply) }
            case .waiting(let record, _):
                state.wait(record)
                return VarlinkReply(state.reply)
            case .created(let record):
                state.apply(.created(record))
                return VarlinkReply(state.reply)
            case .failed(let failure):
                throw Self.error(failure, submissionID: submission.id)
            case .cancelled:
                throw Self.cancelled(submission.id)
            }
        }
        // The runner ended without an outcome: the daemon is stopping. The submission is stored
        // and resumes at the next start.
        throw ControlError.SubmissionInterrupted(
            submission_id: submission.id,
            message: "finetuned is stopping; the submission is stored and goes on at its next start"
        ).varlinkError(interface: ControlMethod.Jobs.interface)
    }

    static func cancelled(_ id: String) -> VarlinkError {
        ControlError.SubmissionFailed(submission_id: id, message: "cancelled by the user").varlinkError(
            interface: ControlMethod.Jobs.interface)
    }

    static func error(_ failure: Submitter.Failure, submissionID: String) -> any Error {
        switch failure {
        case .invalidData(let path, let report):
            let problems = report.problems.prefix(100).map { problem in
                Wire.Problem(
                    file: problem.file.rawValue, line: problem.line.map { Int64($0) }, key_path: problem.keyPath,
                    code: problem.code.rawValue, message: problem.message, severity: problem.severity.rawValue)
            }
            return ControlError.InvalidTrainingData(path: path, errors: Int64(report.errorCount), problems: problems)
                .varlinkError(interface: ControlMethod.Jobs.interface)
        case .unreadable(let path, let reason):
            return ControlError.FileNotReadable(path: path, reason: reason).varlinkError(
                interface: ControlMethod.Jobs.interface)
        case .overBudget(let estimated, let limit):
            return ControlError.BudgetExceeded(estimated_cost: estimated, max_cost: limit).varlinkError(
                interface: ControlMethod.Jobs.interface)
        case .invalidModel(let refusal):
            return ControlError.ModelNotAvailable(model: refusal.model, reason: refusal.reason)
                .varlinkError(interface: ControlMethod.Jobs.interface)
        case .cancelled:
            return cancelled(submissionID)
        case .api(let error):
            return ControlErrors.api(JobsInterface.name, error)
        case .daemon(let error):
            return ControlError.SubmissionFailed(submission_id: submissionID, message: error.description)
                .varlinkError(interface: ControlMethod.Jobs.interface)
        }
    }
}

/// The submission's progress as the next reply shows it.
final class SubmitProgressState: @unchecked Sendable {
    // Only touched from the submitting task, one update at a time (the progress callback is
    // awaited before the submitter goes on), so no lock is needed.
    private(set) var reply: Wire.SubmitProgress

    init(submissionID: String) {
        reply = Wire.SubmitProgress(submission_id: submissionID, state: "received")
    }

    /// A transient failure: the submission is accepted and waits for its next attempt.
    func wait(_ record: SubmissionRecord) {
        reply.state = "waiting"
        reply.attempts = record.attempts
        reply.last_error = record.lastError
        reply.next_attempt_at = record.nextAttemptAt
    }

    func apply(_ progress: Submitter.Progress) {
        switch progress {
        case .copying:
            reply.state = "copying"
        case .validating:
            reply.state = "validating"
        case .validated(let report):
            reply.state = "validated"
            reply.billed_tokens = report.billedTokens
            reply.estimated_cost = report.estimatedCostUSD
        case .uploading(let sent, let total):
            reply.state = "uploading"
            reply.uploaded_bytes = sent
            reply.total_bytes = total
        case .creating:
            reply.state = "creating"
        case .created(let job):
            reply.state = "created"
            reply.job = Wire.Job(job)
        }
    }
}
