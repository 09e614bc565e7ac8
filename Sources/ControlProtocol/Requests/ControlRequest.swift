/// A method's parameters as one typed value: what `ControlClient` encodes and the daemon decodes
/// once, before a handler runs. Properties are named exactly as the method's input fields in its
/// `.varlink` description (snake_case); `ControlProtocolConformanceTests` checks every type
/// against its method's input.
public protocol ControlRequestValue: Codable, Sendable {
    /// The method's qualified name (one of ``ControlMethod``'s constants).
    static var method: String { get }
}

extension ControlRequestValue {
    /// The method's name within its interface (`Get` for `io.finetuned.Jobs.Get`).
    public static var methodName: Substring {
        method[method.index(after: method.lastIndex(of: ".") ?? method.startIndex)...]
    }
}

/// The parameters of a method that names one job (or submission, or model) by `id`.
public protocol IDRequestValue: ControlRequestValue {
    var id: String { get }
    init(id: String)
}

/// The request types of the control interfaces, one per method, by interface:
/// `ControlRequest.Jobs.Get`, `ControlRequest.Models.Chat`, …
public enum ControlRequest {
    /// `io.finetuned.Jobs`.
    public enum Jobs {}
    /// `io.finetuned.Models`.
    public enum Models {}
    /// `io.finetuned.Service`.
    public enum Service {}
    /// `io.systemd.service`.
    public enum SystemdService {}

    /// Every request type, for the conformance test.
    public static let all: [any ControlRequestValue.Type] = [
        Jobs.Submit.self, Jobs.Migrate.self, Jobs.PlanMigration.self, Jobs.Submissions.self,
        Jobs.GetSubmission.self, Jobs.CancelSubmission.self, Jobs.Track.self, Jobs.Untrack.self, Jobs.Get.self,
        Jobs.List.self, Jobs.Watch.self, Jobs.Events.self, Jobs.Checkpoints.self, Jobs.Metrics.self,
        Jobs.Cancel.self, Jobs.Pause.self, Jobs.Resume.self,
        Models.List.self, Models.Get.self, Models.Delete.self, Models.Chat.self, Models.Deploy.self,
        Models.Deployments.self, Models.Undeploy.self,
        Service.Status.self,
        SystemdService.Ping.self, SystemdService.Reload.self, SystemdService.SetLogLevel.self,
        SystemdService.GetEnvironment.self,
    ]
}
