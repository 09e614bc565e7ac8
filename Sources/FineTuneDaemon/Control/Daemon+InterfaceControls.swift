import FoundationEssentials
import JobStore
import OpenAIFineTuning

/// The daemon as each control interface sees it (`JobsControl`, `ModelsControl`,
/// `ServiceControl`; `SystemdServiceControl` has its own file): only these members, so an
/// interface cannot reach the rest of the daemon.
extension Daemon: JobsControl, ModelsControl, ServiceControl {
    func account(named name: String?) -> AccountConfiguration? { clients?.client(for: name)?.configuration }

    func client(ofAccount name: String) -> OpenAIClient? { clients?.client(for: name)?.client }

    func lastSuccessfulCycle(ofAccount account: String) -> Date? { poller?.status.health[account]?.lastSuccess }

    func pollNow() { poller?.pollNow() }

    var pollerStatus: Poller.Status? { poller?.status }

    var accountEntries: [(configuration: AccountConfiguration, client: OpenAIClient)] { clients?.entries ?? [] }

    var reloadRefusal: RefusedReload? { refusedReload.withLock { $0 } }

    var watcherCount: Int { feed.subscriberCount }
}
