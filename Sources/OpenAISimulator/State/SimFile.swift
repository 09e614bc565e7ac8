/// An uploaded file. Its bytes live on disk under the simulator's data directory.
struct SimFile: Codable, Sendable {
    var id: String
    var bytes: Int
    var createdAt: Double
    var filename: String
    var purpose: String
    /// For a results file, the job it belongs to (its bytes are generated, not stored).
    var resultsOfJob: String?

    var json: JSON {
        .object([
            ("object", .string("file")),
            ("id", .string(id)),
            ("purpose", .string(purpose)),
            ("filename", .string(filename)),
            ("bytes", .int(bytes)),
            ("created_at", .int(Int(createdAt))),
            ("status", .string("processed")),
        ])
    }
}

/// A multi-part upload in progress or finished.
struct SimUpload: Codable, Sendable {
    var id: String
    var createdAt: Double
    var filename: String
    var bytes: Int
    var purpose: String
    var mimeType: String
    /// `pending`, `completed` or `cancelled` as stored; `expired` is derived from the time.
    var status: String
    /// Part sizes by id.
    var parts: [String: Int] = [:]
    var fileID: String?
    /// When it expires (Unix seconds); nil in snapshots from before it was stored: an hour after
    /// creation.
    var expiry: Double?
    /// Part ids in the order they were added.
    var partOrder: [String]?

    var expiresAt: Double { expiry ?? createdAt + 3600 }

    /// The status a client sees at `now`: a pending upload past its expiry is `expired`.
    func status(at now: Double) -> String { status == "pending" && now >= expiresAt ? "expired" : status }
}

/// A base model the simulator offers for fine-tuning.
struct BaseModel: Sendable {
    var id: String
    var aliases: [String]
    var created: Int
    var shutdownDate: String?
    /// Azure's `deprecation.fine_tune` and `deprecation.inference` (`YYYY-MM-DD`, served as Unix
    /// seconds at 00:00 UTC), from Microsoft's retirement table of 2025-12-16
    /// (../shared/reference/azure-openai-fine-tuning.md §4, S11): training ends on the base's
    /// retirement date, inference one year later.
    var azureFineTuneEnds: String? = nil
    var azureInferenceEnds: String? = nil

    /// Simulated catalogue. OpenAI shutdown dates are illustrative, not OpenAI's announcements.
    static let catalogue: [BaseModel] = [
        BaseModel(
            id: "gpt-4o-mini-2024-07-18", aliases: ["gpt-4o-mini"], created: 1_721_172_741,
            shutdownDate: nil, azureFineTuneEnds: "2026-03-31", azureInferenceEnds: "2027-03-31"),
        BaseModel(
            id: "gpt-4o-2024-08-06", aliases: ["gpt-4o"], created: 1_722_814_719,
            shutdownDate: nil, azureFineTuneEnds: "2026-03-31", azureInferenceEnds: "2027-03-31"),
        BaseModel(
            id: "gpt-4.1-2025-04-14", aliases: ["gpt-4.1"], created: 1_744_315_746,
            shutdownDate: nil, azureFineTuneEnds: "2026-10-14", azureInferenceEnds: "2027-10-14"),
        BaseModel(
            id: "gpt-4.1-mini-2025-04-14", aliases: ["gpt-4.1-mini"], created: 1_744_318_173,
            shutdownDate: nil, azureFineTuneEnds: "2026-10-14", azureInferenceEnds: "2027-10-14"),
        BaseModel(
            id: "gpt-4.1-nano-2025-04-14", aliases: ["gpt-4.1-nano"], created: 1_744_321_707,
            shutdownDate: nil, azureFineTuneEnds: "2026-10-14", azureInferenceEnds: "2027-10-14"),
        BaseModel(
            id: "gpt-3.5-turbo-0125", aliases: ["gpt-3.5-turbo"], created: 1_706_048_358,
            shutdownDate: "2027-02-15"),
        BaseModel(
            id: "o4-mini-2025-04-16", aliases: ["o4-mini"], created: 1_744_133_506,
            shutdownDate: nil, azureFineTuneEnds: "2026-10-16", azureInferenceEnds: "2027-10-16"),
        BaseModel(id: "babbage-002", aliases: [], created: 1_692_634_615, shutdownDate: "2027-01-27"),
        BaseModel(id: "davinci-002", aliases: [], created: 1_692_634_301, shutdownDate: "2027-01-27"),
    ]

    static func resolve(_ name: String) -> BaseModel? {
        catalogue.first { $0.id == name || $0.aliases.contains(name) }
    }
}
