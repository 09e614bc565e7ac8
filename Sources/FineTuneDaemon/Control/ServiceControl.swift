import FoundationEssentials
import JobStore
import OpenAIFineTuning

/// What `io.finetuned.Service` needs from the daemon, and nothing more: its own state as
/// `Service.Status` shows it.
protocol ServiceControl: Sendable {
    var store: JobStore { get }
    /// When the daemon started.
    var started: Date { get }
    /// What STATUS= says now.
    var statusLine: String { get }
    /// The poll loop's state (nil: not running).
    var pollerStatus: Poller.Status? { get }
    /// The configured accounts and their clients, in configuration order.
    var accountEntries: [(configuration: AccountConfiguration, client: OpenAIClient)] { get }
    /// The last reload that was refused, while the configuration it refused is still the newest.
    var reloadRefusal: RefusedReload? { get }
    /// Callers following changes (`Watch`, `Events` with more).
    var watcherCount: Int { get }
}
