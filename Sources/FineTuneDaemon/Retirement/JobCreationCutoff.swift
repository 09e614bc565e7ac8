/// Whether a provider still accepts new fine-tuning jobs, decided without I/O from the announced
/// table and today's date (an injected clock in tests).
public enum JobCreationCutoff {
    /// Why a submission to `provider` is refused today, or nil when job creation is still open.
    /// The announced day is the last one on which jobs are accepted.
    public static func refusal(provider: Provider?, today: CalendarDay, announced: AnnouncedRetirements) -> String? {
        guard let provider, let entry = announced.jobCreationEnds(provider: provider), today > entry.day else {
            return nil
        }
        return "\(provider == .openAI ? "OpenAI" : "Azure OpenAI") accepts no new fine-tuning jobs after \(entry.day) "
            + "(announced: \(entry.source.prefix { $0 != ":" })); migrate to an account of another provider (finetunectl migrate JOB --to ACCOUNT)"
    }
}
