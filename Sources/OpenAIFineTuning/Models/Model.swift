/// A model (`object: "model"`): a base model or a fine-tuned one (`ft:…`).
public struct Model: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var created: Int
    public var ownedBy: String
    /// `YYYY-MM-DD` when the model is scheduled to retire, else nil.
    public var shutdownDate: String?

    enum CodingKeys: String, CodingKey {
        case id, created
        case ownedBy = "owned_by"
        case shutdownDate = "shutdown_date"
    }

    /// Whether this is a fine-tuned model.
    public var isFineTuned: Bool { id.hasPrefix("ft:") }
}

/// The answer to a DELETE of a file or a model.
public struct DeletionStatus: Codable, Sendable, Hashable {
    public var id: String
    public var deleted: Bool
}
