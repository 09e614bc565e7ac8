/// A training integration. Only Weights & Biases exists today; other types round-trip untouched.
public struct Integration: Codable, Sendable, Hashable {
    public struct WandB: Codable, Sendable, Hashable {
        public var project: String
        public var name: String?
        public var entity: String?
        public var tags: [String]?

        public init(project: String, name: String? = nil, entity: String? = nil, tags: [String]? = nil) {
            self.project = project
            self.name = name
            self.entity = entity
            self.tags = tags
        }
    }

    public var type: String
    public var wandb: WandB?

    public init(wandb: WandB) {
        self.type = "wandb"
        self.wandb = wandb
    }
}
