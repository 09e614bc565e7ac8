extension ControlRequest.Models {
    /// `Models.List`; with `retiring`, only models with an end date, fewest days left first.
    public struct List: ControlRequestValue, Equatable {
        public static let method = ControlMethod.Models.list
        public var include_deleted: Bool?
        public var retiring: Bool?

        public init(include_deleted: Bool? = nil, retiring: Bool? = nil) {
            self.include_deleted = include_deleted
            self.retiring = retiring
        }
    }

    public struct Get: IDRequestValue, Equatable {
        public static let method = ControlMethod.Models.get
        public var id: String
        public init(id: String) { self.id = id }
    }

    public struct Delete: IDRequestValue, Equatable {
        public static let method = ControlMethod.Models.delete
        public var id: String
        public init(id: String) { self.id = id }
    }

    /// `Models.Chat`: a model named directly (`model`) or by the job that made it (`job`).
    public struct Chat: ControlRequestValue, Equatable {
        public static let method = ControlMethod.Models.chat

        public struct Message: Codable, Sendable, Equatable {
            public var role: String
            public var content: String
            public init(role: String, content: String) {
                self.role = role
                self.content = content
            }
        }

        public var model: String?
        public var job: String?
        public var messages: [Message]
        public var temperature: Double?
        public var max_completion_tokens: Int?

        public init(
            model: String? = nil, job: String? = nil, messages: [Message], temperature: Double? = nil,
            max_completion_tokens: Int? = nil
        ) {
            self.model = model
            self.job = job
            self.messages = messages
            self.temperature = temperature
            self.max_completion_tokens = max_completion_tokens
        }
    }

    /// `Models.Deploy`: an Azure deployment of a model, or of the model a job made.
    public struct Deploy: ControlRequestValue, Equatable {
        public static let method = ControlMethod.Models.deploy
        public var model: String?
        public var job: String?
        public var name: String?
        public var sku: String?
        public var capacity: Int?
        public var account: String?

        public init(
            model: String? = nil, job: String? = nil, name: String? = nil, sku: String? = nil,
            capacity: Int? = nil, account: String? = nil
        ) {
            self.model = model
            self.job = job
            self.name = name
            self.sku = sku
            self.capacity = capacity
            self.account = account
        }
    }

    public struct Deployments: ControlRequestValue, Equatable {
        public static let method = ControlMethod.Models.deployments
        public var include_ended: Bool?
        public init(include_ended: Bool? = nil) { self.include_ended = include_ended }
    }

    public struct Undeploy: ControlRequestValue, Equatable {
        public static let method = ControlMethod.Models.undeploy
        public var name: String
        public var account: String?

        public init(name: String, account: String? = nil) {
            self.name = name
            self.account = account
        }
    }
}
