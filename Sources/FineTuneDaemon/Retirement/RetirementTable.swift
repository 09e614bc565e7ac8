import OpenAIFineTuning
import TrainingData

/// Where a retirement date came from (`Models.List`'s `shutdown_source`).
public enum RetirementSource: String, Sendable, Hashable {
    /// The provider's API: OpenAI's `shutdown_date`, Azure's `deprecation`.
    case api
    /// The built-in table (`AnnouncedRetirements`).
    case announced
    /// `[Retirement] ModelShutdown=` in finetuned.conf.
    case config
}

/// One end date and where it came from.
public struct DatedEnd: Sendable, Hashable {
    public var day: CalendarDay
    public var source: RetirementSource
}

/// A model's two end dates. On OpenAI only `shutdown` is usually known; on Azure `fineTune` is
/// the end of training (`deprecation.fine_tune`) and `shutdown` the end of inference
/// (`deprecation.inference`).
public struct RetirementDates: Sendable, Hashable {
    public var shutdown: DatedEnd?
    public var fineTune: DatedEnd?

    public init(shutdown: DatedEnd? = nil, fineTune: DatedEnd? = nil) {
        self.shutdown = shutdown
        self.fineTune = fineTune
    }
}

/// Decides a model's retirement dates from what is known, without I/O.
///
/// Order: the API's date for the model itself, then for its base (a fine-tune retires with its
/// base: `ft:BASE:…` and `BASE.ft-HEX`, followed down to the root); then `ModelShutdown=` for
/// the model, then its base; then the announced table for the model, then its base.
public struct RetirementTable: Sendable {
    public var announced: AnnouncedRetirements
    /// `[Retirement] ModelShutdown=MODEL DATE`, by model.
    public var configured: [String: CalendarDay]

    public init(announced: AnnouncedRetirements, configured: [String: CalendarDay] = [:]) {
        self.announced = announced
        self.configured = configured
    }

    /// - Parameters:
    ///   - listed: the account's models list by id (empty when it could not be read).
    ///   - storedShutdown: the API's `shutdown_date` for the model as stored earlier, used when
    ///     the list does not have it.
    ///   - provider: whose announcements apply; nil: none (only the API and the configuration).
    public func dates(
        of model: String, provider: Provider?, listed: [String: Model], storedShutdown: String? = nil
    )
        -> RetirementDates
    {
        let chain = Self.lineage(of: model)
        var dates = RetirementDates()
        // The API.
        for name in chain {
            if let entry = listed[name] {
                if dates.shutdown == nil {
                    if let text = entry.shutdownDate, let day = CalendarDay(text) {
                        dates.shutdown = DatedEnd(day: day, source: .api)
                    } else if let seconds = entry.deprecation?.inference {
                        dates.shutdown = DatedEnd(day: CalendarDay(unixSeconds: seconds), source: .api)
                    }
                }
                if dates.fineTune == nil, let seconds = entry.deprecation?.fineTune {
                    dates.fineTune = DatedEnd(day: CalendarDay(unixSeconds: seconds), source: .api)
                }
            }
            if dates.shutdown == nil, name == model, let day = storedShutdown.flatMap(CalendarDay.init) {
                dates.shutdown = DatedEnd(day: day, source: .api)
            }
        }
        // The configuration, then the announced table.
        if dates.shutdown == nil, let day = chain.lazy.compactMap({ configured[$0] }).first {
            dates.shutdown = DatedEnd(day: day, source: .config)
        }
        guard let provider else { return dates }
        if dates.shutdown == nil,
            let entry = chain.lazy.compactMap({ announced.entry(.shutdown, model: $0, provider: provider) }).first
        {
            dates.shutdown = DatedEnd(day: entry.day, source: .announced)
        }
        if dates.fineTune == nil,
            let entry = chain.lazy.compactMap({ announced.entry(.fineTune, model: $0, provider: provider) }).first
        {
            dates.fineTune = DatedEnd(day: entry.day, source: .announced)
        }
        return dates
    }

    /// The model, its base, the base's base…, each followed by the dated snapshots of an alias
    /// (`gpt-4o-mini` → `gpt-4o-mini-2024-07-18`).
    static func lineage(of model: String) -> [String] {
        var chain: [String] = []
        var current: String? = model
        while let name = current, !chain.contains(name) {
            chain.append(name)
            for snapshot in FineTunableModels.bases.first(where: { $0.alias == name })?.snapshots ?? [] {
                chain.append(snapshot)
            }
            current = FineTunedModelName(name)?.base
        }
        return chain
    }
}
