import OpenAIFineTuning

extension Daemon {
    /// The management-plane token source of an account from its Entra ID settings.
    ///
    /// Until the Entra ID token sources (issue 10, part A) are wired here, no account has one,
    /// and `deploy` says that the account needs Entra ID settings.
    static let entraManagementTokens: ManagementTokenSourceFactory = { _ in nil }
}
