/// A chat message, in a request or a reply.
public struct ChatMessage: Codable, Sendable, Hashable {
    public var role: String
    public var content: String?
    public var name: String?
    public var refusal: String?

    public init(role: String, content: String?, name: String? = nil) {
        self.role = role
        self.content = content
        self.name = name
    }

    public static func system(_ text: String) -> ChatMessage { .init(role: "system", content: text) }
    public static func user(_ text: String) -> ChatMessage { .init(role: "user", content: text) }
    public static func assistant(_ text: String) -> ChatMessage {
        .init(role: "assistant", content: text)
    }
}

/// The body of `POST /chat/completions` (non-streaming).
public struct ChatCompletionRequest: Codable, Sendable, Hashable {
    public var model: String
    public var messages: [ChatMessage]
    public var temperature: Double?
    public var maxCompletionTokens: Int?
    public var seed: Int?

    public init(
        model: String, messages: [ChatMessage], temperature: Double? = nil,
        maxCompletionTokens: Int? = nil, seed: Int? = nil
    ) {
        self.model = model
        self.messages = messages
        self.temperature = temperature
        self.maxCompletionTokens = maxCompletionTokens
        self.seed = seed
    }

    enum CodingKeys: String, CodingKey {
        case model, messages, temperature, seed
        case maxCompletionTokens = "max_completion_tokens"
    }
}

/// A chat completion (`object: "chat.completion"`).
public struct ChatCompletion: Codable, Sendable, Hashable, Identifiable {
    public struct Choice: Codable, Sendable, Hashable {
        public var index: Int
        public var message: ChatMessage
        public var finishReason: String?

        enum CodingKeys: String, CodingKey {
            case index, message
            case finishReason = "finish_reason"
        }
    }

    public struct Usage: Codable, Sendable, Hashable {
        public var promptTokens: Int
        public var completionTokens: Int
        public var totalTokens: Int

        enum CodingKeys: String, CodingKey {
            case promptTokens = "prompt_tokens"
            case completionTokens = "completion_tokens"
            case totalTokens = "total_tokens"
        }
    }

    public var id: String
    public var created: Int
    public var model: String
    public var choices: [Choice]
    public var usage: Usage?

    /// The first choice's text, the usual answer.
    public var text: String? { choices.first?.message.content }
}
