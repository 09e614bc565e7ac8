import OpenAIFineTuning

extension Daemon {
    /// The management-plane token source of an account: the Entra ID source its data-plane
    /// client signs in with (`AuthStyle=entra`), which mints tokens for any scope.
    ///
    /// Until the Entra ID token sources (issue 10, part A) are merged, no account has one, and
    /// `deploy` says that the account needs Entra ID settings. After the merge this is
    /// `{ _, client in client?.account.accessTokens }`.
    static let entraManagementTokens: ManagementTokenSourceFactory = { _, _ in nil }
}
