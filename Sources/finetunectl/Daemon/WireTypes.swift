import ControlProtocol

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
