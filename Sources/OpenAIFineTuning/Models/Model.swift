/// A model (`object: "model"`): a base model or a fine-tuned one (`ft:…` on OpenAI,
/// `BASE.ft-HEX` on Azure).
///
/// Both services' shapes decode into it. OpenAI sends `created`, `owned_by` and, for a model
/// scheduled to retire, `shutdown_date` (`YYYY-MM-DD`). Azure OpenAI sends `created_at` (no
/// `owned_by`), `capabilities` (whether the model can be fine-tuned, used for inference, …),
/// `lifecycle_status` and `deprecation`, the two end dates as Unix seconds: `fine_tune` (no new
/// training after it) and `inference` (no more answers after it). See
/// ../shared/reference/azure-openai-fine-tuning.md, §1.3 and §4.
public struct Model: Codable, Sendable, Hashable, Identifiable {
    /// What an Azure model can be used for.
    public struct Capabilities: Codable, Sendable, Hashable {
        public var fineTune: Bool?
        public var inference: Bool?
        public var chatCompletion: Bool?

        enum CodingKeys: String, CodingKey {
            case fineTune = "fine_tune", inference
            case chatCompletion = "chat_completion"
        }

        public init(fineTune: Bool? = nil, inference: Bool? = nil, chatCompletion: Bool? = nil) {
            self.fineTune = fineTune
            self.inference = inference
            self.chatCompletion = chatCompletion
        }
    }

    /// Azure's end dates, Unix seconds; nil when none is announced.
    public struct Deprecation: Codable, Sendable, Hashable {
        /// After this, the model can no longer be fine-tuned.
        public var fineTune: Int?
        /// After this, the model (and fine-tunes of it) no longer answer.
        public var inference: Int?

        enum CodingKeys: String, CodingKey {
            case fineTune = "fine_tune", inference
        }

        public init(fineTune: Int? = nil, inference: Int? = nil) {
            self.fineTune = fineTune
            self.inference = inference
        }
    }

    public var id: String
    /// Unix seconds (OpenAI's `created`, Azure's `created_at`).
    public var created: Int
    /// OpenAI only.
    public var ownedBy: String?
    /// `YYYY-MM-DD` when the model is scheduled to retire, else nil (OpenAI).
    public var shutdownDate: String?
    /// Azure only.
    public var capabilities: Capabilities?
    /// Azure only: `preview`, `generally-available`, `deprecating` or `deprecated`.
    public var lifecycleStatus: String?
    /// Azure only.
    public var deprecation: Deprecation?

    enum CodingKeys: String, CodingKey {
        case id, created, capabilities, deprecation
        case createdAt = "created_at"
        case ownedBy = "owned_by"
        case shutdownDate = "shutdown_date"
        case lifecycleStatus = "lifecycle_status"
    }

    public init(
        id: String, created: Int, ownedBy: String? = nil, shutdownDate: String? = nil,
        capabilities: Capabilities? = nil, lifecycleStatus: String? = nil, deprecation: Deprecation? = nil
    ) {
        self.id = id
        self.created = created
        self.ownedBy = ownedBy
        self.shutdownDate = shutdownDate
        self.capabilities = capabilities
        self.lifecycleStatus = lifecycleStatus
        self.deprecation = deprecation
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        if let created = try container.decodeIfPresent(Int.self, forKey: .created) {
            self.created = created
        } else {
            created = try container.decode(Int.self, forKey: .createdAt)
        }
        ownedBy = try container.decodeIfPresent(String.self, forKey: .ownedBy)
        shutdownDate = try container.decodeIfPresent(String.self, forKey: .shutdownDate)
        capabilities = try container.decodeIfPresent(Capabilities.self, forKey: .capabilities)
        lifecycleStatus = try container.decodeIfPresent(String.self, forKey: .lifecycleStatus)
        deprecation = try container.decodeIfPresent(Deprecation.self, forKey: .deprecation)
    }

    /// Writes OpenAI's shape, plus Azure's fields when they are set.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(created, forKey: .created)
        try container.encodeIfPresent(ownedBy, forKey: .ownedBy)
        try container.encodeIfPresent(shutdownDate, forKey: .shutdownDate)
        try container.encodeIfPresent(capabilities, forKey: .capabilities)
        try container.encodeIfPresent(lifecycleStatus, forKey: .lifecycleStatus)
        try container.encodeIfPresent(deprecation, forKey: .deprecation)
    }

    /// Whether this is a fine-tuned model (`ft:…` or Azure's `BASE.ft-HEX`).
    public var isFineTuned: Bool { FineTunedModelName(id) != nil }
}

/// The answer to a DELETE of a file or a model.
public struct DeletionStatus: Codable, Sendable, Hashable {
    public var id: String
    public var deleted: Bool
}
