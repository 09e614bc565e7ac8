import ControlProtocol
import FoundationEssentials
import JobStore
import Varlink

/// `io.finetuned.Jobs.Submissions`, `GetSubmission` and `CancelSubmission`: submissions as the
/// store holds them, and cancelling one whose job does not exist yet.
struct SubmissionsMethods {
    let daemon: any SubmissionsControl

    func install(on interface: inout VarlinkInterface) {
        interface.handle(ControlRequest.Jobs.Submissions.self, access: .read) { request, _ in
            try await mapped {
                let limit = request.limit ?? 100
                guard (1...1000).contains(limit) else { throw VarlinkError.invalidParameter("limit") }
                let records = try daemon.store.recentSubmissions(limit: limit)
                return VarlinkReply(Wire.SubmissionList(submissions: records.map(Wire.Submission.init)))
            }
        }
        interface.handle(ControlRequest.Jobs.GetSubmission.self, access: .read) { request, _ in
            try await mapped {
                let id = request.id
                guard let record = try daemon.store.submission(id: id) else { throw Self.noSuchSubmission(id) }
                var submission = Wire.Submission(record)
                let content = try daemon.store.submissionContent(id: id)
                submission.training_sha256 = content?.trainingSHA256
                submission.validation_sha256 = content?.validationSHA256
                return VarlinkReply(Wire.SubmissionReply(submission: submission))
            }
        }
        interface.handle(ControlRequest.Jobs.CancelSubmission.self, access: .write) { request, _ in
            try await mapped {
                let id = request.id
                guard let record = try daemon.store.submission(id: id) else { throw Self.noSuchSubmission(id) }
                guard !record.state.isFinal else {
                    throw ControlError.SubmissionFinished(
                        submission_id: id, state: record.displayState, job_id: record.jobID
                    ).varlinkError(interface: ControlMethod.Jobs.interface)
                }
                let cancelled = try daemon.cancelSubmission(id)
                return VarlinkReply(Wire.SubmissionReply(submission: Wire.Submission(cancelled)))
            }
        }
    }

    static func noSuchSubmission(_ id: String) -> VarlinkError {
        ControlError.NoSuchSubmission(id: id).varlinkError(interface: ControlMethod.Jobs.interface)
    }
}

extension Wire.Submission {
    init(_ record: SubmissionRecord) {
        self.init(
            id: record.id, account: record.account, state: record.displayState, step: record.state.rawValue,
            training_file: record.trainingFilePath, attempts: record.attempts, created_at: record.createdAt,
            updated_at: record.updatedAt, duplicate_job_ids: record.duplicateJobIDs)
        model = (try? JSONDecoder().decode(SubmissionRequest.self, from: Data(record.requestJSON.utf8)))?.model
        validation_file = record.validationFilePath
        training_file_id = record.trainingFileID
        validation_file_id = record.validationFileID
        job_id = record.jobID
        last_error = record.lastError
        next_attempt_at = record.state.isFinal ? nil : record.nextAttemptAt
        error = record.error
        cancelled_at = record.cancelledAt
    }
}
