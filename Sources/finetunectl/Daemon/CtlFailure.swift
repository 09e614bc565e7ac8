import ArgumentParser
import ControlProtocol
import Foundation

/// A failure to report to the user: a message for standard error and the exit code it means.
struct CtlFailure: Error {
    var message: String
    var exitCode: ExitCode

    init(_ message: String, exitCode: ExitCode = CtlExit.usageOrIO) {
        self.message = message
        self.exitCode = exitCode
    }

    /// Prints the message (with the `finetunectl:` prefix) and returns the exit code to throw.
    func report() -> ExitCode {
        Terminal.warn(
            message.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                .map { $0.offset == 0 ? "finetunectl: \($0.element)" : String($0.element) }
                .joined(separator: "\n"))
        return exitCode
    }
}

/// Turns what a call to finetuned threw into a message a person can act on.
///
/// Exit code 1 ("the data or the job failed") is kept for errors about the user's data
/// (``InvalidTrainingData``, ``BudgetExceeded``); everything else that stops a command (no such
/// job, the API refused, no permission, no daemon) is 2.
enum ErrorReport {
    static func failure(for error: any Error, socket: String) -> CtlFailure {
        switch error {
        case let failure as CtlFailure: return failure
        case let error as VarlinkError: return failure(for: error)
        case let error as VarlinkProtocolError:
            switch error {
            case .connectionClosed:
                return CtlFailure(
                    "finetuned closed the connection before answering (socket \(socket)); it may be stopping (systemctl status finetuned)"
                )
            default:
                return CtlFailure("finetuned sent a reply finetunectl cannot read (\(error)); socket \(socket)")
            }
        case is DecodingError:
            return CtlFailure("finetuned sent a reply finetunectl cannot read (\(error)); are they the same version?")
        default:
            return CtlFailure("\(error)")
        }
    }

    /// The message for an error finetuned answered: matched by type (``ControlError``), so a
    /// renamed error or field fails the protocol's conformance test instead of falling through.
    static func failure(for error: VarlinkError) -> CtlFailure {
        switch ControlError.decode(error) {
        case let e as ControlError.NoSuchJob:
            return CtlFailure(
                "no such job: \(e.id) (finetuned does not keep it; `finetunectl track ID` adds a job created elsewhere)"
            )
        case let e as ControlError.NoSuchModel:
            return CtlFailure("no such model: \(e.id)")
        case let e as ControlError.NoSuchAccount:
            return CtlFailure("no such account in finetuned's configuration: \(e.account)")
        case let e as ControlError.InvalidTrainingData:
            return CtlFailure(invalidData(e), exitCode: CtlExit.dataHasErrors)
        case let e as ControlError.FileNotReadable:
            return CtlFailure("finetuned cannot read \(e.path): \(e.reason)")
        case let e as ControlError.InvalidDescriptor:
            return CtlFailure("finetuned refused the file passed as \(e.parameter): \(e.reason); nothing was stored")
        case let e as ControlError.DescriptorsRefused:
            return CtlFailure(
                "finetuned refused the file descriptors sent with the call (it takes at most \(e.maximum), \(e.received) came); is it an older version?"
            )
        case let e as ControlError.BudgetExceeded:
            return CtlFailure(
                "the estimated cost \(Money.usd(e.estimated_cost)) is over --max-cost \(Money.usd(e.max_cost)); nothing was uploaded",
                exitCode: CtlExit.dataHasErrors)
        case let e as ControlError.SubmissionFailed:
            return CtlFailure("submission \(e.submission_id) failed: \(e.message)")
        case let e as ControlError.ApiError:
            return CtlFailure(apiError(e))
        case let e as ControlError.NoSuchSubmission:
            return CtlFailure("no such submission: \(e.id) (`finetunectl submissions` lists them)")
        case let e as ControlError.SubmissionFinished:
            let job = e.job_id.map { "; cancel its job with `finetunectl cancel \($0)`" } ?? ""
            return CtlFailure("submission \(e.submission_id) is \(e.state) already\(job)")
        case let e as ControlError.SubmissionInterrupted:
            return CtlFailure("submission \(e.submission_id): \(e.message)")
        case let e as ControlError.InvalidRequest:
            return CtlFailure(
                "\(e.parameter) \(e.reason); nothing was stored or uploaded", exitCode: CtlExit.dataHasErrors)
        case let e as ControlError.ModelNotAvailable:
            return CtlFailure("model \(e.model): \(e.reason); nothing was uploaded", exitCode: CtlExit.dataHasErrors)
        case let e as ControlError.JobCreationEnded:
            return CtlFailure("account \(e.account): \(e.message); nothing was uploaded")
        case let e as ControlError.MigrationRefused:
            return CtlFailure(e.message)
        case let e as ControlError.TrainingFileNeeded:
            return CtlFailure(e.message)
        case let e as ControlError.ModelUnreachable:
            return CtlFailure(e.message)
        case let e as ControlError.NoEquivalentModel:
            return CtlFailure(
                "\(e.message); account \(e.account) can fine-tune: \(e.fine_tunable.isEmpty ? "none" : e.fine_tunable.joined(separator: ", ")) (choose one with --model)"
            )
        case let e as ControlError.PermissionDenied:
            return CtlFailure(permissionDenied(e))
        case let e as ControlError.DeploymentRefused:
            return CtlFailure(e.message)
        case let e as ControlError.ReloadRefused:
            return CtlFailure(e.message)
        case is ControlError.TooManyConnections:
            return CtlFailure(
                "finetuned refused the connection: it has as many connections open as it accepts (in all, or from this user); try again when some have closed"
            )
        case let e as ControlError.MessageTooLarge:
            return CtlFailure("the request is larger than finetuned accepts (\(e.maximum_size) bytes)")
        case is ControlError.InternalError:
            return CtlFailure("finetuned failed to answer; its log has the details (journalctl -u finetuned)")
        default:
            break
        }
        // Varlink's own errors (org.varlink.service).
        let p = error.parameters
        switch error.name {
        case VarlinkError.serviceInterface + ".InvalidParameter":
            return CtlFailure("finetuned rejected the parameter \(p["parameter"]?.stringValue ?? "?")")
        case VarlinkError.serviceInterface + ".MethodNotFound", VarlinkError.serviceInterface + ".InterfaceNotFound":
            return CtlFailure(
                "finetuned does not offer \(p["method"]?.stringValue ?? p["interface"]?.stringValue ?? error.name); is it an older version?"
            )
        default:
            return CtlFailure("finetuned answered \(error)")
        }
    }

    /// What the refused call needed, as the daemon said (`access`: read or write).
    static func permissionDenied(_ e: ControlError.PermissionDenied) -> String {
        let method = e.method
        switch e.access {
        case "read":
            return
                "permission denied for \(method): reading needs root, membership of finetuned's socket group, or a ReadOnlyUsers= entry for your user in its configuration"
        case "write":
            return "permission denied for \(method): changing jobs needs root or membership of finetuned's socket group"
        default:
            return
                "permission denied for \(method) (finetuned's configuration says who may call it: SocketGroup=, ReadOnlyUsers=)"
        }
    }

    /// `PATH has 2 errors; OpenAI would reject it:` then one line per problem.
    static func invalidData(_ e: ControlError.InvalidTrainingData) -> String {
        let count = Int(e.errors)
        var lines = ["\(e.path) has \(plural(count, "error")); OpenAI would reject it. Nothing was uploaded."]
        let problems = e.problems
        for problem in problems {
            let file = problem.file == "validation" ? "validation " : ""
            let place =
                problem.line.map { "\(file)line \($0)" }
                ?? (problem.file == "validation" ? "validation file" : "dataset")
            let key = problem.key_path.isEmpty ? "" : " \(problem.key_path)"
            lines.append(
                "  \(problem.severity == "error" ? "error  " : "warning") \(place)\(key): \(problem.message) [\(problem.code)]"
            )
        }
        if problems.count < count { lines.append("  … run `finetunectl validate FILE` for the full report") }
        return lines.joined(separator: "\n")
    }

    /// `the OpenAI API refused (HTTP 400, invalid_request_error): message [request req_…]`; the
    /// parts the daemon's message already states are not repeated.
    static func apiError(_ e: ControlError.ApiError) -> String {
        let message = e.message
        var detail: [String] = []
        if let status = e.status, !message.contains("HTTP \(status)") { detail.append("HTTP \(status)") }
        for value in [e.type, e.code].compactMap({ $0 }) where !message.contains(value) { detail.append(value) }
        if let param = e.param, !message.contains(param) { detail.append("param \(param)") }
        var text = "the OpenAI API refused"
        if !detail.isEmpty { text += " (\(detail.joined(separator: ", ")))" }
        text += ": \(message)"
        if let requestID = e.request_id, !message.contains(requestID) { text += " [request \(requestID)]" }
        return text
    }
}
