import ControlProtocol
import FoundationEssentials
import JobStore
import Logging
import OpenAIFineTuning
import Systemd
import Varlink

/// The retirement check, a periodic task of the daemon: it refreshes each account's models list,
/// works out every stored model's dates (`RetirementTable`), logs the warnings due
/// (`RetirementWarnings`, once each, stored) and keeps STATUS= naming the nearest shutdown
/// within 7 days. The decisions are pure values; this file only carries them out.
extension Daemon {
    /// How old an account's models list may be before the check reads it again.
    static let modelListMaxAge: TimeInterval = 6 * 3_600

    /// Today, by the daemon's clock.
    var today: CalendarDay { CalendarDay(options.clock()) }

    /// The table of the running configuration.
    var retirementTable: RetirementTable {
        RetirementTable(announced: announcedRetirements, configured: configuration?.modelShutdowns ?? [:])
    }

    /// The provider of a configured account (nil: none known, or no such account now).
    func provider(ofAccount name: String) -> Provider? {
        configuration?.accounts.first { $0.name == name }?.provider
    }

    /// Why a new job on `account` cannot be created today (its provider announced that job
    /// creation ended), or nil. Checked before a submission is stored or anything uploaded.
    func jobCreationRefusal(account: String) -> VarlinkError? {
        guard
            let refusal = JobCreationCutoff.refusal(
                provider: provider(ofAccount: account), today: today, announced: announcedRetirements)
        else { return nil }
        return ControlError.JobCreationEnded(account: account, message: refusal).varlinkError(
            interface: ControlMethod.Jobs.interface)
    }

    /// A stored model's dates, from the cached models list of its account (no I/O).
    func retirementDates(of model: ModelRecord) -> RetirementDates {
        retirementTable.dates(
            of: model.id, provider: provider(ofAccount: model.account), listed: modelCatalog.cached(model.account),
            storedShutdown: model.shutdownDate)
    }

    /// One run of the check, after any run still going (runs never overlap, so a warning is
    /// never given twice). Failures are logged; the next run tries again.
    func checkRetirements() async {
        await retirementChecks.run { await runRetirementCheck() }
    }

    private func runRetirementCheck() async {
        for (account, client) in clients?.entries.map({ ($0.configuration, $0.client) }) ?? [] {
            do {
                _ = try await modelCatalog.models(
                    of: account.name, client: client, maxAge: Self.modelListMaxAge,
                    now: options.clock())
            } catch {
                logger.debug("retirement check: cannot read the models of account \(account.name): \(error)")
            }
        }
        do {
            let models = try store.models()
            let subjects = models.map { RetirementWarnings.Subject(model: $0.id, dates: retirementDates(of: $0)) }
            let given = Set(try store.retirementWarnings().compactMap(Self.key))
            let today = self.today
            let warnings = RetirementWarnings.due(
                subjects, today: today, given: given, widest: configuration?.retirementWarningDays ?? 30)
            let byID = Dictionary(models.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            for warning in warnings {
                report(warning, model: byID[warning.key.model])
                try store.recordRetirementWarning(
                    RetirementWarningRecord(
                        modelID: warning.key.model, ends: warning.key.end.rawValue,
                        thresholdDays: warning.key.threshold,
                        endDate: warning.key.day.description))
            }
            let nearest = RetirementWarnings.nearest(subjects, today: today).map {
                RetiringSoon(model: $0.model, day: $0.day, daysLeft: $0.daysLeft)
            }
            let changed = retiringSoon.withLock { current -> Bool in
                defer { current = nearest }
                return current != nearest
            }
            if changed { refreshStatus() }
        } catch {
            logger.error("retirement check failed: \(error)")
        }
    }

    /// The warning in journald, with a MESSAGE_ID per window (30, 7, 1 days) and the fields
    /// FINETUNED_MODEL, FINETUNED_ACCOUNT, FINETUNED_JOB, FINETUNED_ENDS (shutdown or
    /// fine_tune), FINETUNED_END_DATE, FINETUNED_DAYS_LEFT and FINETUNED_DATE_SOURCE.
    private func report(_ warning: RetirementWarnings.Warning, model: ModelRecord?) {
        let event: JournalEvent =
            switch warning.key.threshold {
            case ...1: .modelRetiringTomorrow
            case ...7: .modelRetiringThisWeek
            default: .modelRetiring
            }
        var metadata: Logger.Metadata = [
            JournalMetadataKey.model: .string(warning.key.model),
            "ends": .string(warning.key.end.rawValue),
            "end_date": .string(warning.key.day.description),
            "days_left": .stringConvertible(warning.daysLeft),
            "date_source": .string(warning.source.rawValue),
        ]
        if let model {
            metadata[JournalMetadataKey.account] = .string(model.account)
            if let job = model.jobID { metadata[JournalMetadataKey.job] = .string(job) }
        }
        metadata.merge(event.metadata) { $1 }
        let what = warning.key.end == .shutdown ? "shuts down" : "can no longer be fine-tuned"
        let when = warning.daysLeft == 0 ? "today" : warning.daysLeft == 1 ? "tomorrow" : "in \(warning.daysLeft) days"
        let next =
            warning.key.end == .shutdown
            ? "migrate it before then: finetunectl migrate \(model?.jobID ?? "JOB") --to ACCOUNT"
            : "it still answers until its shutdown date"
        logger.warning(
            "model \(warning.key.model) \(what) \(when), on \(warning.key.day) (\(warning.source.rawValue) date); \(next)",
            metadata: metadata)
    }

    private static func key(_ record: RetirementWarningRecord) -> RetirementWarnings.Key? {
        guard let end = RetirementWarnings.End(rawValue: record.ends), let day = CalendarDay(record.endDate) else {
            return nil
        }
        return RetirementWarnings.Key(model: record.modelID, end: end, threshold: record.thresholdDays, day: day)
    }
}
