import OpenAIFineTuning

/// What changed between the job as stored and the job as the API shows it now, reduced to what
/// the daemon acts on: log a transition, fetch events, collect the results of a finished job.
public struct JobChange: Sendable, Equatable {
    public var previousStatus: JobStatus?
    public var status: JobStatus

    /// The status moved (or the job is new to the store).
    public var statusChanged: Bool { previousStatus != status }
    /// The job reached succeeded, failed or cancelled in this observation.
    public var ended: Bool { statusChanged && status.isTerminal }
    /// Anything else about the job moved (tokens, estimate, model, error).
    public var detailsChanged: Bool

    public init(stored: FineTuningJob?, observed: FineTuningJob) {
        previousStatus = stored?.status
        status = observed.status
        detailsChanged =
            stored.map { old in
                old.trainedTokens != observed.trainedTokens || old.estimatedFinish != observed.estimatedFinish
                    || old.fineTunedModel != observed.fineTunedModel || old.error != observed.error
                    || old.finishedAt != observed.finishedAt
            } ?? true
    }

    public var isChange: Bool { statusChanged || detailsChanged }

    /// No change: the job as it was, in `status`.
    public init(unchanged status: JobStatus) {
        previousStatus = status
        self.status = status
        detailsChanged = false
    }
}
