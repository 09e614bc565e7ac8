import ControlProtocol
import Foundation
import JobStore
import TrainingData
import Varlink

/// `io.finetuned.Jobs.Submit`: stores the submission, then lets the `Submitter` carry it to a
/// job, relaying its progress as `continues` replies when the caller asked for `more`.
struct SubmitHandler {
    let daemon: Daemon

    func submit(_ call: VarlinkCall, _ stream: VarlinkReplyStream) async throws -> VarlinkReply {
        let request = try call.decodeParameters(SubmissionRequest.self)
        for path in [request.training_file] + (request.validation_file.map { [$0] } ?? []) {
            guard path.hasPrefix("/") else {
                throw VarlinkError(name: "io.finetuned.Jobs.FileNotReadable",
                                   parameters: ["path": .string(path), "reason": .string("the path must be absolute")])
            }
            guard access(path, R_OK) == 0 else {
                throw VarlinkError(name: "io.finetuned.Jobs.FileNotReadable",
                                   parameters: ["path": .string(path), "reason": .string(String(cString: strerror(errno)))])
            }
        }
        let submission = try daemon.createSubmission(request, requestedBy: call.connection.peer.map { Int64($0.uid) })
        let state = SubmitProgressState(submissionID: submission.id)
        let more = call.more
        do {
            let record = try await daemon.runSubmission(submission, request: request) { progress in
                state.apply(progress)
                // `created` is the last reply, returned below, not a `continues` one.
                if more, case .created = progress {} else if more { try? await stream.send(state.reply) }
            }
            state.apply(.created(record))
            return VarlinkReply(state.reply)
        } catch let failure as Submitter.Failure {
            throw Self.error(failure, submissionID: submission.id)
        }
    }

    static func error(_ failure: Submitter.Failure, submissionID: String) -> any Error {
        switch failure {
        case .invalidData(let path, let report):
            let problems: [Varlink.JSONValue] = report.problems.prefix(100).map { problem in
                var fields: [String: Varlink.JSONValue] = [
                    "file": .string(problem.file.rawValue), "key_path": .string(problem.keyPath),
                    "code": .string(problem.code.rawValue), "message": .string(problem.message),
                    "severity": .string(problem.severity.rawValue),
                ]
                if let line = problem.line { fields["line"] = .integer(Int64(line)) }
                return .object(fields)
            }
            return VarlinkError(name: "io.finetuned.Jobs.InvalidTrainingData", parameters: [
                "path": .string(path), "errors": .integer(Int64(report.errorCount)), "problems": .array(problems),
            ])
        case .unreadable(let path, let reason):
            return VarlinkError(name: "io.finetuned.Jobs.FileNotReadable",
                                parameters: ["path": .string(path), "reason": .string(reason)])
        case .overBudget(let estimated, let limit):
            return VarlinkError(name: "io.finetuned.Jobs.BudgetExceeded",
                                parameters: ["estimated_cost": .double(estimated), "max_cost": .double(limit)])
        case .api(let error):
            return ControlErrors.api(JobsInterface.name, error)
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

    func apply(_ progress: Submitter.Progress) {
        switch progress {
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
