/// An uploaded file (`object: "file"`).
public struct OpenAIFile: Codable, Sendable, Hashable, Identifiable {
    public struct Purpose: OpenString {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let fineTune: Purpose = "fine-tune"
        public static let fineTuneResults: Purpose = "fine-tune-results"
        public static let batch: Purpose = "batch"
        public static let assistants: Purpose = "assistants"
        public static let userData: Purpose = "user_data"
    }

    /// Deprecated by the API but still sent: `uploaded`, `processed` or `error`.
    public struct Status: OpenString {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let uploaded: Status = "uploaded"
        public static let processed: Status = "processed"
        public static let error: Status = "error"
    }

    public var id: String
    public var bytes: Int
    public var createdAt: Int
    public var filename: String
    public var purpose: Purpose
    public var status: Status?
    public var expiresAt: Int?
    public var statusDetails: String?

    enum CodingKeys: String, CodingKey {
        case id, bytes, filename, purpose, status
        case createdAt = "created_at"
        case expiresAt = "expires_at"
        case statusDetails = "status_details"
    }
}
