import ControlProtocol
import Varlink

// The control interfaces' messages, as the daemon encodes them (module ControlProtocol). The
// short names keep finetunectl's code readable. `--json` prints the replies as they came, so a
// field added to an interface reaches scripts before finetunectl knows it.

typealias WireJob = Wire.Job
typealias WireEvent = Wire.Event
typealias WireCheckpoint = Wire.Checkpoint
typealias WireMetricPoint = Wire.MetricPoint
typealias WireModel = Wire.Model
typealias WireSubmitProgress = Wire.SubmitProgress
typealias WireEventsReply = Wire.EventsReply
typealias WireChatReply = Wire.ChatReply
typealias WireServiceStatus = Wire.ServiceStatus
typealias WireDeployment = Wire.Deployment

/// One problem of `io.finetuned.Jobs.InvalidTrainingData`'s `problems` (the interface's
/// `Problem` type; ControlProtocol has no struct for error parameters).
struct WireProblem: Codable, Sendable {
    var file: String
    var line: Int?
    var key_path: String
    var code: String
    var message: String
    var severity: String
}
