import Logging
import Systemd

/// The kinds of deployment event the daemon logs, each with a fixed `MESSAGE_ID`
/// (`journalctl MESSAGE_ID=…`), beside the job events of `JournalEvent`. The ids were chosen
/// once at random and never change.
public enum DeploymentJournalEvent: String, Sendable, CaseIterable {
    /// Stored and sent to Azure (the PUT).
    case requested
    /// The provisioning state moved (Accepted → Creating, …).
    case stateChanged
    case succeeded
    case failed
    /// Deleted through finetuned, or removed by Azure on its own.
    case ended
    /// Azure will delete it for inactivity soon.
    case inactivityWarning
    /// A Developer deployment's 24 hours are nearly over.
    case lifetimeWarning

    public var messageID: String {
        switch self {
        case .requested: "7f2350ce757d4ae1a84e8d161288bc5f"
        case .stateChanged: "844560ba96424f7087ae46eae4cf4fae"
        case .succeeded: "7fc42374430346cd8f0a6b6391bc8f8d"
        case .failed: "defcca0160f94213ab455cbc02835905"
        case .ended: "6f102142df5f43d28cf7d60414e6f4e5"
        case .inactivityWarning: "6e57488c2f4f4a2e8756e5fb4a3496cb"
        case .lifetimeWarning: "3d6dc25d57004e92b6376b6403f63022"
        }
    }

    public var metadata: Logger.Metadata { [JournalMetadataKey.messageID: .string(messageID)] }
}
