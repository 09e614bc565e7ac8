import ArgumentParser
import Foundation
import Varlink

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
        Terminal.warn(message.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
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
                return CtlFailure("finetuned closed the connection before answering (socket \(socket)); it may be stopping (systemctl status finetuned)")
            default:
                return CtlFailure("finetuned sent a reply finetunectl cannot read (\(error)); socket \(socket)")
            }
        case is DecodingError:
            return CtlFailure("finetuned sent a reply finetunectl cannot read (\(error)); are they the same version?")
        default:
            return CtlFailure("\(error)")
        }
    }

    static func failure(for error: VarlinkError) -> CtlFailure {
        let p = error.parameters
        let short = error.name.split(separator: ".").last.map(String.init) ?? error.name
        switch short {
        case "NoSuchJob":
            return CtlFailure("no such job: \(p["id"]?.stringValue ?? "?") (finetuned does not keep it; `finetunectl track ID` adds a job created elsewhere)")
        case "NoSuchModel":
            return CtlFailure("no such model: \(p["id"]?.stringValue ?? "?")")
        case "NoSuchAccount":
            return CtlFailure("no such account in finetuned's configuration: \(p["account"]?.stringValue ?? "?")")
        case "InvalidTrainingData":
            return CtlFailure(invalidData(p), exitCode: CtlExit.dataHasErrors)
        case "FileNotReadable":
            return CtlFailure("finetuned cannot read \(p["path"]?.stringValue ?? "?"): \(p["reason"]?.stringValue ?? "?")")
        case "InvalidDescriptor":
            return CtlFailure("finetuned refused the file passed as \(p["parameter"]?.stringValue ?? "a descriptor"): \(p["reason"]?.stringValue ?? "?"); nothing was stored")
        case "DescriptorsRefused":
            return CtlFailure("finetuned refused the file descriptors sent with the call (it takes at most \(p["maximum"]?.integerValue ?? 0), \(p["received"]?.integerValue ?? 0) came); is it an older version?")
        case "BudgetExceeded":
            let cost = p["estimated_cost"]?.doubleValue ?? 0
            let limit = p["max_cost"]?.doubleValue ?? 0
            return CtlFailure("the estimated cost \(Money.usd(cost)) is over --max-cost \(Money.usd(limit)); nothing was uploaded",
                              exitCode: CtlExit.dataHasErrors)
        case "SubmissionFailed":
            return CtlFailure("submission \(p["submission_id"]?.stringValue ?? "?") failed: \(p["message"]?.stringValue ?? "?")")
        case "ApiError":
            return CtlFailure(apiError(p))
        case "NoSuchSubmission":
            return CtlFailure("no such submission: \(p["id"]?.stringValue ?? "?") (`finetunectl submissions` lists them)")
        case "SubmissionFinished":
            let job = p["job_id"]?.stringValue.map { "; cancel its job with `finetunectl cancel \($0)`" } ?? ""
            return CtlFailure("submission \(p["submission_id"]?.stringValue ?? "?") is \(p["state"]?.stringValue ?? "finished") already\(job)")
        case "SubmissionInterrupted":
            return CtlFailure("submission \(p["submission_id"]?.stringValue ?? "?"): \(p["message"]?.stringValue ?? "interrupted")")
        case "InvalidRequest":
            return CtlFailure("\(p["parameter"]?.stringValue ?? "a parameter") \(p["reason"]?.stringValue ?? "is out of range"); nothing was stored or uploaded",
                              exitCode: CtlExit.dataHasErrors)
        case "ModelNotAvailable":
            return CtlFailure("model \(p["model"]?.stringValue ?? "?"): \(p["reason"]?.stringValue ?? "cannot be fine-tuned"); nothing was uploaded",
                              exitCode: CtlExit.dataHasErrors)
        case "JobCreationEnded":
            return CtlFailure("account \(p["account"]?.stringValue ?? "?"): \(p["message"]?.stringValue ?? "job creation has ended"); nothing was uploaded")
        case "MigrationRefused", "TrainingFileNeeded", "ModelUnreachable":
            return CtlFailure(p["message"]?.stringValue ?? "\(error)")
        case "NoEquivalentModel":
            let bases = p["fine_tunable"]?.arrayValue?.compactMap(\.stringValue) ?? []
            return CtlFailure("\(p["message"]?.stringValue ?? "no equivalent model"); account \(p["account"]?.stringValue ?? "?") can fine-tune: \(bases.isEmpty ? "none" : bases.joined(separator: ", ")) (choose one with --model)")
        case "PermissionDenied":
            return CtlFailure(permissionDenied(p))
        case "DeploymentRefused":
            return CtlFailure(p["message"]?.stringValue ?? "the deployment was refused")
        case "TooManyConnections":
            return CtlFailure("finetuned refused the connection: it has as many connections open as it accepts (in all, or from this user); try again when some have closed")
        case "MessageTooLarge":
            return CtlFailure("the request is larger than finetuned accepts (\(p["maximum_size"]?.integerValue ?? 0) bytes)")
        case "InternalError":
            return CtlFailure("finetuned failed to answer; its log has the details (journalctl -u finetuned)")
        case "InvalidParameter":
            return CtlFailure("finetuned rejected the parameter \(p["parameter"]?.stringValue ?? "?")")
        case "MethodNotFound", "InterfaceNotFound":
            return CtlFailure("finetuned does not offer \(p["method"]?.stringValue ?? p["interface"]?.stringValue ?? error.name); is it an older version?")
        default:
            return CtlFailure("finetuned answered \(error)")
        }
    }

    /// What the refused call needed, as the daemon said (`access`: read or write).
    static func permissionDenied(_ p: [String: JSONValue]) -> String {
        let method = p["method"]?.stringValue ?? "this call"
        switch p["access"]?.stringValue {
        case "read":
            return "permission denied for \(method): reading needs root, membership of finetuned's socket group, or a ReadOnlyUsers= entry for your user in its configuration"
        case "write":
            return "permission denied for \(method): changing jobs needs root or membership of finetuned's socket group"
        default:
            return "permission denied for \(method) (finetuned's configuration says who may call it: SocketGroup=, ReadOnlyUsers=)"
        }
    }

    /// `PATH has 2 errors; OpenAI would reject it:` then one line per problem.
    static func invalidData(_ p: [String: JSONValue]) -> String {
        let path = p["path"]?.stringValue ?? "the training file"
        let count = Int(p["errors"]?.integerValue ?? 0)
        var lines = ["\(path) has \(plural(count, "error")); OpenAI would reject it. Nothing was uploaded."]
        let problems = (try? p["problems"]?.decode([WireProblem].self)) ?? []
        for problem in problems {
            let file = problem.file == "validation" ? "validation " : ""
            let place = problem.line.map { "\(file)line \($0)" } ?? (problem.file == "validation" ? "validation file" : "dataset")
            let key = problem.key_path.isEmpty ? "" : " \(problem.key_path)"
            lines.append("  \(problem.severity == "error" ? "error  " : "warning") \(place)\(key): \(problem.message) [\(problem.code)]")
        }
        if problems.count < count { lines.append("  … run `finetunectl validate FILE` for the full report") }
        return lines.joined(separator: "\n")
    }

    /// `the OpenAI API refused (HTTP 400, invalid_request_error): message [request req_…]`; the
    /// parts the daemon's message already states are not repeated.
    static func apiError(_ p: [String: JSONValue]) -> String {
        let message = p["message"]?.stringValue ?? "no message"
        var detail: [String] = []
        if let status = p["status"]?.integerValue, !message.contains("HTTP \(status)") { detail.append("HTTP \(status)") }
        for key in ["type", "code"] {
            if let value = p[key]?.stringValue, !message.contains(value) { detail.append(value) }
        }
        if let param = p["param"]?.stringValue, !message.contains(param) { detail.append("param \(param)") }
        var text = "the OpenAI API refused"
        if !detail.isEmpty { text += " (\(detail.joined(separator: ", ")))" }
        text += ": \(message)"
        if let requestID = p["request_id"]?.stringValue, !message.contains(requestID) { text += " [request \(requestID)]" }
        return text
    }
}
