/// What the simulator imitates of one Azure OpenAI resource and its Entra ID tenant when
/// `SimulatorConfiguration.dialect` is `.azure` (`../shared/reference/azure-openai-fine-tuning.md`).
public struct AzureSimulation: Sendable {
    /// The tenant whose token endpoint (`POST /{tenant}/oauth2/v2.0/token`) mints tokens.
    public var tenantID = "sim-tenant"
    /// The application allowed to sign in, with its secret (client credentials) or any
    /// non-empty assertion (workload identity).
    public var clientID = "sim-client"
    public var clientSecret = "sim-secret"
    /// How long a minted token lives, in real seconds (Entra's are about an hour: 3599).
    public var tokenLifetime: Double = 3599
    /// Jobs that may wait behind the one that trains (the resource's queue; Azure's default 20).
    public var queueLimit = 20
    /// Fine-tuning files the resource holds at most (Azure's default 50).
    public var fileLimit = 50

    public init() {}
}
