/// One entry of a job's event log (`object: "fine_tuning.job.event"`). Lists come newest first.
public struct FineTuningJobEvent: Codable, Sendable, Hashable, Identifiable {
    public struct Level: OpenString {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let info: Level = "info"
        public static let warn: Level = "warn"
        public static let error: Level = "error"
    }

    /// `message` or `metrics` by the spec; the API also sends others (`moderation_checks`).
    public struct EventType: OpenString {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let message: EventType = "message"
        public static let metrics: EventType = "metrics"
    }

    public var id: String
    public var createdAt: Int
    public var level: Level
    public var message: String
    public var type: EventType?
    /// Free-form; `null` and `{}` both decode to nil or empty.
    public var data: [String: JSONValue]?

    public init(
        id: String, createdAt: Int, level: Level, message: String, type: EventType? = nil,
        data: [String: JSONValue]? = nil
    ) {
        self.id = id
        self.createdAt = createdAt
        self.level = level
        self.message = message
        self.type = type
        self.data = data
    }

    enum CodingKeys: String, CodingKey {
        case id, level, message, type, data
        case createdAt = "created_at"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        createdAt = try c.decode(Int.self, forKey: .createdAt)
        level = try c.decode(Level.self, forKey: .level)
        message = try c.decode(String.self, forKey: .message)
        type = try c.decodeIfPresent(EventType.self, forKey: .type)
        // `data` is an object in practice, but tolerate any JSON there rather than lose the event.
        if case .object(let object)? = try c.decodeIfPresent(JSONValue.self, forKey: .data) {
            data = object
        } else {
            data = nil
        }
    }

    /// The training metrics a `metrics` event carries, or nil for other events.
    public var metrics: TrainingMetrics? {
        guard type == .metrics, let data, let step = data["step"]?.doubleValue else { return nil }
        return TrainingMetrics(step: Int(step), data: data)
    }
}
