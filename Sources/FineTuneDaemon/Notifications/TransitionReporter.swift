import JobStore
import Logging
import Systemd

/// Tells the world about a job's transitions: one journal entry per transition with the job's
/// fields and a fixed MESSAGE_ID per kind, and the `OnJobEnd=` command when a job ends. A failing
/// command is logged, never fatal; it never sees the API key (its environment is built here, from
/// nothing).
public struct TransitionReporter: Sendable {
    let logger: Logger
    let onJobEnd: HookCommand?
    let hookRunner: HookRunner
    /// Where hooks run: a child task of the daemon's background work, awaited at shutdown.
    let hooks: @Sendable (@escaping @Sendable () async -> Void) -> Void

    /// - Parameter hooks: starts a hook's run in a task someone owns and awaits; the default
    ///   runs none (benchmarks and tests without `OnJobEnd=`).
    public init(
        logger: Logger, onJobEnd: HookCommand?, hookTimeout: Duration,
        hooks: @escaping @Sendable (@escaping @Sendable () async -> Void) -> Void = { _ in }
    ) {
        self.logger = logger
        self.onJobEnd = onJobEnd
        self.hookRunner = HookRunner(timeout: hookTimeout)
        self.hooks = hooks
    }

    /// A job created elsewhere is tracked from now on.
    public func reportTracked(_ job: JobRecord) {
        logger.notice(
            "now tracking job \(job.id) (\(job.status))",
            metadata: Self.metadata(job)
                .merging(JournalEvent.statusChanged.metadata) { $1 })
    }

    /// Logs `applied` if the status moved, and starts the hook (through `hooks`) if the job ended.
    public func report(_ applied: AppliedUpdate, job: JobRecord) {
        guard applied.statusChanged else { return }
        var metadata = Self.metadata(job)
        let event: JournalEvent
        let message: String
        switch job.status {
        case .succeeded:
            event = .succeeded
            message =
                "job \(job.id) succeeded: model \(job.fineTunedModel ?? "(none)"), \(job.trainedTokens ?? 0) trained tokens"
        case .failed:
            event = .failed
            message = "job \(job.id) failed: \(Self.describe(job.failure))"
        case .cancelled:
            event = .cancelled
            message = "job \(job.id) was cancelled"
        default:
            event = .statusChanged
            message =
                applied.previousStatus.map { "job \(job.id) is \(job.status) (was \($0))" }
                ?? "now tracking job \(job.id) (\(job.status))"
        }
        metadata.merge(event.metadata) { $1 }
        logger.log(level: job.status == .failed ? .warning : .notice, "\(message)", metadata: metadata)
        if applied.becameTerminal { runHook(for: job) }
    }

    /// A submission was turned into a job.
    public func reportSubmitted(_ job: JobRecord, submissionID: String) {
        var metadata = Self.metadata(job)
        metadata.merge(JournalEvent.submitted.metadata) { $1 }
        metadata["submission"] = .string(submissionID)
        logger.notice("submitted job \(job.id) on \(job.model) (submission \(submissionID))", metadata: metadata)
    }

    static func metadata(_ job: JobRecord) -> Logger.Metadata {
        [
            JournalMetadataKey.job: .string(job.id),
            JournalMetadataKey.status: .string(job.status.rawValue),
            JournalMetadataKey.model: .string(job.fineTunedModel ?? job.model),
            JournalMetadataKey.account: .string(job.account),
        ]
    }

    static func describe(_ failure: JobFailure?) -> String {
        guard let failure else { return "no reason given" }
        return [failure.code, failure.message].compactMap { $0 }.joined(separator: ": ")
    }

    /// The hook's whole environment: these variables and a fixed PATH, nothing inherited.
    static func hookEnvironment(_ job: JobRecord) -> [String: String] {
        [
            "FINETUNED_JOB": job.id,
            "FINETUNED_STATUS": job.status.rawValue,
            "FINETUNED_MODEL": job.fineTunedModel ?? "",
            "FINETUNED_ERROR": job.status == .failed ? describe(job.failure) : "",
            "PATH": "/usr/local/bin:/usr/bin:/bin",
        ]
    }

    private func runHook(for job: JobRecord) {
        guard let command = onJobEnd else { return }
        let runner = hookRunner
        let logger = logger
        let metadata = Self.metadata(job)
        let environment = Self.hookEnvironment(job)
        hooks {
            let result = await runner.run(command, environment: environment)
            if result.succeeded {
                logger.info("OnJobEnd command for \(job.id) finished", metadata: metadata)
            } else {
                logger.error("OnJobEnd command for \(job.id) failed: \(result)", metadata: metadata)
            }
        }
    }
}
