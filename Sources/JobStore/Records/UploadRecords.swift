/// What makes two uploads the same file: the same bytes (sha256, lowercase hex), for the same
/// purpose, on the same account.
public struct UploadKey: Sendable, Hashable, CustomStringConvertible {
    public var account: String
    public var sha256: String
    public var purpose: String

    public init(account: String, sha256: String, purpose: String) {
        self.account = account
        self.sha256 = sha256
        self.purpose = purpose
    }

    public var description: String { "\(account)/\(purpose)/sha256:\(sha256.prefix(12))" }
}

/// A file uploaded to an account, kept so the same content is not uploaded twice.
public struct UploadedFileRecord: Sendable, Hashable {
    public var key: UploadKey
    public var fileID: String
    public var bytes: Int64
    /// Unix seconds.
    public var uploadedAt: Double

    public init(key: UploadKey, fileID: String, bytes: Int64, uploadedAt: Double) {
        self.key = key
        self.fileID = fileID
        self.bytes = bytes
        self.uploadedAt = uploadedAt
    }
}

/// An Uploads API upload in progress, with the parts the API has acknowledged.
public struct MultipartUploadRecord: Sendable, Hashable {
    public var key: UploadKey
    public var uploadID: String
    /// The name the file will have on the API.
    public var filename: String
    public var bytes: Int64
    /// The size of every part but the last, fixed when the upload began.
    public var partSize: Int64
    /// The md5 of the whole file (lowercase hex), sent on complete.
    public var md5: String
    /// The API's `created_at` and `expires_at`, Unix seconds.
    public var createdAt: Double
    public var expiresAt: Double
    /// Part ids by part number (0-based).
    public var partIDs: [Int: String] = [:]

    public init(
        key: UploadKey, uploadID: String, filename: String, bytes: Int64, partSize: Int64, md5: String,
        createdAt: Double, expiresAt: Double, partIDs: [Int: String] = [:]
    ) {
        self.key = key
        self.uploadID = uploadID
        self.filename = filename
        self.bytes = bytes
        self.partSize = partSize
        self.md5 = md5
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.partIDs = partIDs
    }

    /// How many parts the whole file takes.
    public var partCount: Int {
        guard partSize > 0 else { return 0 }
        return Int((bytes + partSize - 1) / partSize)
    }

    /// The bytes of part `number`.
    public func range(ofPart number: Int) -> Range<Int64> {
        let start = Int64(number) * partSize
        return start..<min(bytes, start + partSize)
    }

    /// The first part not yet acknowledged, or nil when all are.
    public var nextPart: Int? { (0..<partCount).first { partIDs[$0] == nil } }

    /// The part ids in file order; nil while a part is missing.
    public var orderedPartIDs: [String]? {
        let ids = (0..<partCount).compactMap { partIDs[$0] }
        return ids.count == partCount ? ids : nil
    }

    /// True when the upload is too close to its expiry to go on: within a tenth of its lifetime
    /// (at most a minute) of `expires_at`.
    public func isExpired(now: Double) -> Bool {
        let margin = min(60, max(0, expiresAt - createdAt) / 10)
        return now >= expiresAt - margin
    }
}
