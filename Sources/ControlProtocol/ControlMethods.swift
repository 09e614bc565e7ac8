/// The methods of the control interfaces by their qualified names: the one place a method
/// name is written. `ControlProtocolConformanceTests` checks them against the `.varlink` files.
public enum ControlMethod {
    /// `io.finetuned.Jobs`.
    public enum Jobs {
        public static let interface = "io.finetuned.Jobs"
        public static let submit = "io.finetuned.Jobs.Submit"
        public static let migrate = "io.finetuned.Jobs.Migrate"
        public static let planMigration = "io.finetuned.Jobs.PlanMigration"
        public static let submissions = "io.finetuned.Jobs.Submissions"
        public static let getSubmission = "io.finetuned.Jobs.GetSubmission"
        public static let cancelSubmission = "io.finetuned.Jobs.CancelSubmission"
        public static let track = "io.finetuned.Jobs.Track"
        public static let untrack = "io.finetuned.Jobs.Untrack"
        public static let get = "io.finetuned.Jobs.Get"
        public static let list = "io.finetuned.Jobs.List"
        public static let watch = "io.finetuned.Jobs.Watch"
        public static let events = "io.finetuned.Jobs.Events"
        public static let checkpoints = "io.finetuned.Jobs.Checkpoints"
        public static let metrics = "io.finetuned.Jobs.Metrics"
        public static let cancel = "io.finetuned.Jobs.Cancel"
        public static let pause = "io.finetuned.Jobs.Pause"
        public static let resume = "io.finetuned.Jobs.Resume"
        /// Every method, in the order of the description.
        public static let all = [
            submit, migrate, planMigration, submissions, getSubmission, cancelSubmission, track, untrack, get, list,
            watch, events, checkpoints, metrics, cancel, pause, resume,
        ]
    }

    /// `io.finetuned.Models`.
    public enum Models {
        public static let interface = "io.finetuned.Models"
        public static let list = "io.finetuned.Models.List"
        public static let get = "io.finetuned.Models.Get"
        public static let delete = "io.finetuned.Models.Delete"
        public static let chat = "io.finetuned.Models.Chat"
        public static let deploy = "io.finetuned.Models.Deploy"
        public static let deployments = "io.finetuned.Models.Deployments"
        public static let undeploy = "io.finetuned.Models.Undeploy"
        /// Every method, in the order of the description.
        public static let all = [list, get, delete, chat, deploy, deployments, undeploy]
    }

    /// `io.finetuned.Service`.
    public enum Service {
        public static let interface = "io.finetuned.Service"
        public static let status = "io.finetuned.Service.Status"
        /// Every method, in the order of the description.
        public static let all = [status]
    }

    /// `io.systemd.service`.
    public enum SystemdService {
        public static let interface = "io.systemd.service"
        public static let ping = "io.systemd.service.Ping"
        public static let reload = "io.systemd.service.Reload"
        public static let setLogLevel = "io.systemd.service.SetLogLevel"
        public static let getEnvironment = "io.systemd.service.GetEnvironment"
        /// Every method, in the order of the description.
        public static let all = [ping, reload, setLogLevel, getEnvironment]
    }
}
