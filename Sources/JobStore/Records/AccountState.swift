#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What the daemon remembers about an account across restarts (table `account_state`).
public struct AccountState: Sendable, Hashable {
    public var account: String
    /// No request of the account may be sent before this time: the pause a 429 or 503 asked for.
    public var notBefore: Date?
    /// How far the adoption walk (`AdoptAllJobs=`) got.
    public var adoption: AdoptionProgress

    public init(account: String, notBefore: Date? = nil, adoption: AdoptionProgress = AdoptionProgress()) {
        self.account = account
        self.notBefore = notBefore
        self.adoption = adoption
    }
}

/// How far the walk through an account's whole job history has come. The walk pages through
/// `GET /fine_tuning/jobs` from the newest job to the oldest; each page's new jobs are stored
/// with the cursor after it in one transaction, so a walk cut short (a kill, a failed request)
/// resumes after the last stored page and never starts over.
public struct AdoptionProgress: Sendable, Hashable {
    /// The id of the last job of the last stored page: the next page is `after` it. Nil before
    /// the first page.
    public var cursor: String?
    /// Jobs the walk stored that the daemon did not know before.
    public var found: Int
    /// The walk reached the end of the list.
    public var isComplete: Bool

    public init(cursor: String? = nil, found: Int = 0, isComplete: Bool = false) {
        self.cursor = cursor
        self.found = found
        self.isComplete = isComplete
    }
}
