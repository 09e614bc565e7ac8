/// A multi-part upload (`object: "upload"`), for files over the Files API's 512 MB limit or for
/// resumable uploads. It expires an hour after creation.
public struct Upload: Codable, Sendable, Hashable, Identifiable {
    public struct Status: OpenString {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let pending: Status = "pending"
        public static let completed: Status = "completed"
        public static let cancelled: Status = "cancelled"
        public static let expired: Status = "expired"
    }

    public var id: String
    public var createdAt: Int
    public var filename: String
    public var bytes: Int
    public var purpose: String
    public var status: Status
    public var expiresAt: Int
    /// The resulting file, once the upload is completed.
    public var file: OpenAIFile?

    enum CodingKeys: String, CodingKey {
        case id, filename, bytes, purpose, status, file
        case createdAt = "created_at"
        case expiresAt = "expires_at"
    }
}

/// One part of an upload (`object: "upload.part"`).
public struct UploadPart: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var createdAt: Int
    public var uploadID: String

    enum CodingKeys: String, CodingKey {
        case id
        case createdAt = "created_at"
        case uploadID = "upload_id"
    }
}
