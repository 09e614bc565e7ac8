import DaemonMetrics
import FoundationEssentials
import Logging
import OpenAIFineTuning
import Systemd

/// Everything `finetuned.conf` (and its drop-ins and environment overrides) configures, typed and
/// validated. `config/finetuned.conf` documents every key and its default.
public struct DaemonConfiguration: Sendable {
    public var databasePath: String
    public var controlSocket: String
    public var socketGroup: String?
    public var socketMode: UInt32
    public var readOnlyUsers: [String]
    public var pollInterval: Duration
    public var watchingPollInterval: Duration
    public var maxPollInterval: Duration
    /// Background event refreshes of quiet running jobs per account and cycle.
    public var backgroundRefreshesPerCycle: Int
    public var retirementWarningDays: Int
    public var onJobEnd: HookCommand?
    public var onJobEndTimeout: Duration
    public var logLevel: Logger.Level
    public var accounts: [AccountConfiguration]
    /// USD per 1M training tokens, by model, overriding the built-in table.
    public var trainingPrices: [String: Double]
    /// Refuse submissions estimated above this (USD); nil for no limit.
    public var maxEstimatedCost: Double?
    /// USD per hour of an Azure deployment, by type (`HostingPrice=`), over the shipped table.
    public var hostingPrices: HostingPrices = .shipped
    /// The files that were read, for the log.
    public var files: [String]
    /// Where `/metrics` is served; nil (the default): nowhere, unless systemd passes a socket.
    public var metricsListen: MetricsListenAddress?
    /// `[Retirement] ModelShutdown=MODEL DATE`: shutdown dates that add to or override the
    /// built-in table (the API's own date still wins).
    public var modelShutdowns: [String: CalendarDay]
    /// How training files are uploaded: the size above which the resumable Uploads API is used,
    /// and its part size.
    public var uploads = UploadOptions()
    /// How long a kept copy of submitted data stays unused (`ContentRetention=`); nil: forever.
    public var contentRetentionSpan: Duration? = DaemonConfiguration.defaultContentRetention
    /// The content store's size cap in bytes (`ContentMaxSize=`); nil: none.
    public var contentMaxSize: Int64? = DaemonConfiguration.defaultContentMaxSize

    /// The defaults, as documented in `config/finetuned.conf`.
    public init(stateDirectory: String? = nil) {
        let state = stateDirectory ?? "/var/lib/finetuned"
        databasePath = state + "/finetuned.db"
        controlSocket = "/run/finetuned/control.sock"
        socketGroup = nil
        socketMode = 0o660
        readOnlyUsers = []
        pollInterval = .seconds(60)
        watchingPollInterval = .seconds(10)
        maxPollInterval = .seconds(600)
        backgroundRefreshesPerCycle = 10
        retirementWarningDays = 30
        onJobEnd = nil
        onJobEndTimeout = .seconds(300)
        logLevel = .info
        accounts = [AccountConfiguration(name: "default")]
        trainingPrices = [:]
        maxEstimatedCost = nil
        files = []
        metricsListen = nil
        modelShutdowns = [:]
    }

    /// The poll cadence these settings imply.
    public var schedule: PollSchedule {
        PollSchedule(
            active: min(pollInterval, .seconds(30)), running: pollInterval, watched: watchingPollInterval,
            idle: max(pollInterval * 5, maxPollInterval / 2), runningEvents: pollInterval * 2,
            backgroundRefreshesPerCycle: backgroundRefreshesPerCycle)
    }
}

/// One `[Account]` section.
public struct AccountConfiguration: Sendable {
    public var name: String
    public var baseURL: URL
    public var authStyle: AuthStyle
    public var organization: String?
    public var project: String?
    public var apiKeyCredential: String
    public var apiKeyFile: String?
    public var adoptAllJobs: Bool
    public var requestTimeout: Duration
    public var maxRetries: Int
    /// `Provider=`: whose announced retirement dates and end of job creation apply; nil derives
    /// it (see `provider`).
    public var declaredProvider: Provider?
    /// Set with `AuthStyle=entra`: where the account's tokens come from.
    public var entra: EntraSettings?
    /// The Azure management plane and `DeployOnSuccess=`.
    public var deployments = AzureDeploymentSettings()

    public init(name: String) {
        self.name = name
        baseURL = URL(string: "https://api.openai.com/v1")!
        authStyle = .bearer
        organization = nil
        project = nil
        apiKeyCredential = "openai-api-key"
        apiKeyFile = nil
        adoptAllJobs = false
        requestTimeout = .seconds(60)
        maxRetries = 2
        declaredProvider = nil
        entra = nil
    }
}
