import ControlProtocol
import FoundationEssentials
import OpenAIFineTuning

/// What a user asked to submit: `Jobs.Submit`'s parameters, defined once in ControlProtocol
/// and stored as they came with the submission (`requestJSON`), so a resumed submission creates
/// exactly the job that was asked for.
public typealias SubmissionRequest = ControlRequest.Jobs.Submit

extension SubmissionRequest {
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
