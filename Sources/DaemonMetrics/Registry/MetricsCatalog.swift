/// Every metric the daemon exports: its name, its help text and, for histograms, its buckets.
///
/// Names follow Prometheus' conventions: a `finetuned_` prefix, base units (`_seconds`,
/// `_usd`), `_total` on counters, `_info` for metadata. Label values are bounded: accounts,
/// statuses, endpoint templates, outcomes, base models and the models in the store, never a job id.
public enum MetricsCatalog {
    public static let jobs = "finetuned_jobs"
    public static let apiRequests = "finetuned_api_requests_total"
    public static let apiRequestDuration = "finetuned_api_request_duration_seconds"
    public static let pollCycleDuration = "finetuned_poll_cycle_duration_seconds"
    public static let pollInterval = "finetuned_poll_interval_seconds"
    public static let lastSuccessfulPoll = "finetuned_last_successful_poll_timestamp_seconds"
    public static let accountBackoff = "finetuned_account_backoff_seconds"
    public static let rateLimitRemaining = "finetuned_rate_limit_remaining"
    public static let submissions = "finetuned_submissions_total"
    public static let trainedTokens = "finetuned_trained_tokens_total"
    public static let estimatedCost = "finetuned_estimated_cost_usd_total"
    public static let modelShutdown = "finetuned_model_shutdown_timestamp_seconds"
    public static let deploymentDeletion = "finetuned_deployment_deletion_timestamp_seconds"
    public static let controlConnections = "finetuned_control_connections"
    public static let buildInfo = "finetuned_build_info"

    /// The `# HELP` text of each metric (a metric missing here is a programming error).
    static let help: [String: String] = [
        jobs: "Jobs in the store, by account and status.",
        apiRequests:
            "HTTP requests sent to the API (every attempt, retries included), by account, endpoint template and status code (\"none\": no answer).",
        apiRequestDuration:
            "Time from sending an API request to the last byte of its answer, by account and endpoint template.",
        pollCycleDuration: "Duration of a poll cycle over all accounts.",
        pollInterval: "The configured PollInterval= (alerts compare poll freshness with it).",
        lastSuccessfulPoll: "Unix time of the start of the last poll cycle that succeeded for the account.",
        accountBackoff: "Seconds the account's requests are held back after a 429 or 503 (0: requests flow).",
        rateLimitRemaining:
            "Requests or tokens left in the account's rate-limit window, as the API last reported (x-ratelimit-remaining-*).",
        submissions: "Submissions that ended a run, by outcome.",
        trainedTokens: "Tokens trained by the succeeded jobs in the store, by account and base model.",
        estimatedCost:
            "Estimated training cost in USD of the succeeded jobs in the store (trained tokens at the configured prices).",
        modelShutdown: "Unix time of the announced shutdown of each fine-tuned model in the store.",
        deploymentDeletion:
            "Unix time at which Azure deletes each active deployment (15 days without use, or a Developer deployment's 24 hours).",
        controlConnections: "Open connections on the control socket.",
        buildInfo: "Always 1; the version of the running daemon.",
    ]

    /// API requests take milliseconds to a minute (RequestTimeoutSec= defaults to 60 s).
    static let apiRequestBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
        .seconds(30), .seconds(60),
    ]

    /// A poll cycle is a few requests to a few hundred (pages of 1,000s of jobs, retries).
    static let pollCycleBuckets: [Duration] = [
        .milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(120),
        .seconds(300),
    ]

    static func buckets(_ name: String) -> [Duration] {
        name == pollCycleDuration ? pollCycleBuckets : apiRequestBuckets
    }
}
