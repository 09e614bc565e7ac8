import OpenAIFineTuning

extension Daemon {
    /// The management-plane token source of an account: the Entra ID source its data-plane
    /// client signs in with (`AuthStyle=entra`), which mints tokens for any scope.
    ///
    /// An account with `AuthStyle=azure` (an API key) has none: `deploy` then says that the
    /// management plane needs Entra ID settings.
    static let entraManagementTokens: ManagementTokenSourceFactory = { _, client in client?.account.accessTokens }
}
