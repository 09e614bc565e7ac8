import Foundation
import OpenAIFineTuning

/// What a user asked to submit, as stored with the submission (`requestJSON`) so a resumed
/// submission creates exactly the job that was asked for. Keys are the `Jobs.Submit` parameters.
public struct SubmissionRequest: Codable, Sendable {
    public struct Hyperparameters: Codable, Sendable {
        public var n_epochs: Int?
        public var batch_size: Int?
        public var learning_rate_multiplier: Double?
        public var beta: Double?
    }

    /// A path the daemon reads itself, or, with `training_file_descriptor`, only the client's
    /// name for the file (shown to users, never opened).
    public var training_file: String?
    public var validation_file: String?
    /// Index of the training file's descriptor among those sent with the call (SCM_RIGHTS).
    /// Stored with the request, so a resumed submission knows its data came by descriptor (and
    /// cannot be read again if the daemon stopped before keeping its copy).
    public var training_file_descriptor: Int?
    public var validation_file_descriptor: Int?
    public var model: String
    public var account: String?
    public var method: String?
    public var hyperparameters: Hyperparameters?
    public var grader: JSONValue?
    public var suffix: String?
    public var seed: Int?
    public var metadata: [String: String]?
    public var integrations: [JSONValue]?
    public var max_cost: Double?
    /// Azure only: the training tier, `globalstandard`, `standard` or `developer`; sent as the
    /// create request's `trainingType`, and kept with the submission.
    public var training_type: String?

    /// The tiers `training_type` may name (Azure's `trainingType`, spelled as its REST guide does).
    public static let trainingTypes = ["globalstandard", "standard", "developer"]

    /// The API request, tagged with the submission id so the job can be found again.
    func createRequest(
        trainingFileID: String, validationFileID: String?, submissionID: String
    ) throws
        -> CreateFineTuningJobRequest
    {
        let type = FineTuneMethod.MethodType(rawValue: method ?? "supervised")
        var hyper = OpenAIFineTuning.Hyperparameters()
        if let value = hyperparameters?.n_epochs { hyper.nEpochs = .value(value) }
        if let value = hyperparameters?.batch_size { hyper.batchSize = .value(value) }
        if let value = hyperparameters?.learning_rate_multiplier { hyper.learningRateMultiplier = .value(value) }
        if let value = hyperparameters?.beta { hyper.beta = .value(value) }
        let settings = FineTuneMethod.Settings(hyperparameters: hyper, grader: grader)
        let fineTuneMethod: FineTuneMethod
        switch type {
        case .dpo: fineTuneMethod = FineTuneMethod(type: .dpo, dpo: settings)
        case .reinforcement: fineTuneMethod = FineTuneMethod(type: .reinforcement, reinforcement: settings)
        default: fineTuneMethod = FineTuneMethod(type: type, supervised: settings)
        }
        var tags = metadata ?? [:]
        tags[SubmissionTag.metadataKey] = submissionID
        let integrations = try self.integrations?.map { value in
            try JSONCodingBridge.convert(value, to: Integration.self)
        }
        return CreateFineTuningJobRequest(
            model: model, trainingFile: trainingFileID, validationFile: validationFileID, suffix: suffix,
            seed: seed, method: fineTuneMethod, integrations: integrations, metadata: tags,
            trainingType: training_type)
    }
}

/// Converts between Codable values by way of JSON.
enum JSONCodingBridge {
    static func convert<From: Encodable, To: Decodable>(_ value: From, to type: To.Type) throws -> To {
        try JSONDecoder().decode(To.self, from: JSONEncoder().encode(value))
    }
}
