/// A simulated fine-tuning job. Its status is not stored but computed from the clock and its plan
/// (see `JobTimeline`), so the simulator needs no background timers and its state after a restart
/// is exactly where the clock says it should be. Stored are only the facts: when it was created,
/// paused, resumed, cancelled or forced.
struct SimJob: Codable, Sendable {
    var id: String
    var createdAt: Double
    var model: String
    var trainingFile: String
    var validationFile: String?
    var suffix: String?
    var seed: Int
    var methodType: String
    var method: JSON
    var metadata: [String: String]?
    var integrations: JSON
    var plan: JobPlan
    var organizationID: String
    var pauses: [PauseInterval] = []
    var cancelledAt: Double?
    /// A status forced by the admin API, effective from `forcedAt`.
    var forcedStatus: String?
    var forcedAt: Double?
    var forcedError: JobFailure?
    /// Preloaded jobs can be pinned at one status forever (until forced).
    var pinnedStatus: String?
    /// Created by the simulated Azure: its model id is `BASE.ft-HEX[-suffix]`.
    var azure: Bool? = nil
    /// Azure's `trainingType`, as asked for.
    var trainingType: String? = nil

    var resultFileID: String { derivedID("file-", "results/" + id) }
    var fineTunedModelID: String {
        if azure == true { return SimulatorCore.azureModelID(base: model, jobID: id, suffix: suffix) }
        let suffixPart = suffix ?? ""
        return "ft:\(model):sim-org:\(suffixPart):\(derivedID("", "model/" + id, length: 8))"
    }
}

/// Why a simulated job failed.
struct JobFailure: Codable, Sendable {
    var code: String
    var message: String
    var param: String?
}
