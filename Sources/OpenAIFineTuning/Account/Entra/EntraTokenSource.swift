import FoundationEssentials
import Logging

/// An `AccessTokenSource` backed by Microsoft Entra ID: one cached token per scope, renewed
/// shortly before it expires, by a single request however many callers wait for it.
///
/// Contract (beside `AccessTokenSource`'s):
/// - A token is reused while more than `refreshMargin(for:)` of its life remains: azure-identity's
///   five minutes, or a tenth of its lifetime when that is shorter (short-lived test tokens).
/// - Concurrent callers for one scope share one request to the issuer (single flight); a failure
///   of that request is every waiting caller's failure, and the next call asks again.
/// - A refusal (4xx from the token endpoint: wrong tenant, client or secret, `AADSTS…`) is a
///   final `OpenAIError`; a 5xx, a timeout or a broken connection is transient. Nothing here
///   retries in a loop: the caller's retry policy decides.
/// - Tokens live in memory only, never logged; the secret and the assertion appear only in the
///   request body.
public actor EntraTokenSource: AccessTokenSource {
    public nonisolated let credential: EntraCredential
    public nonisolated let authorityHost: URL
    private let http: HTTPTransport
    private let timeout: Duration
    private let now: @Sendable () -> Date
    private var cached: [String: (token: AccessToken, issuedAt: Date)] = [:]
    private var inFlight: [String: Task<AccessToken, any Error>] = [:]
    private var minted = 0

    /// - Parameters:
    ///   - authorityHost: the Entra authority (`EntraAuthorityHost=`); unused by managed identity.
    ///   - now: the clock, injectable for tests.
    public init(
        credential: EntraCredential, authorityHost: URL = EntraCredential.defaultAuthorityHost,
        timeout: Duration = .seconds(30),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.credential = credential
        self.authorityHost = authorityHost
        self.http = .shared
        self.timeout = timeout
        self.now = now
    }

    /// How many tokens this source has obtained from the issuer so far.
    public var tokensMinted: Int { minted }

    public func token(forScope scope: String) async throws -> AccessToken {
        if let entry = cached[scope], isFresh(entry.token, issuedAt: entry.issuedAt) { return entry.token }
        if let task = inFlight[scope] { return try await task.value }
        let request = EntraTokenRequest(
            credential: credential, authorityHost: authorityHost, scope: scope, timeout: timeout)
        let http = http
        let clock = now
        let task = Task { try await request.send(with: http, now: clock) }
        inFlight[scope] = task
        defer { inFlight[scope] = nil }
        let token = try await task.value
        minted += 1
        cached[scope] = (token, now())
        return token
    }

    public func invalidate(_ token: AccessToken, forScope scope: String) async {
        guard let entry = cached[scope] else { return }
        let same = entry.token.secret.withValue { current in token.secret.withValue { $0 == current } }
        if same { cached[scope] = nil }
    }

    /// How long before its expiry a token is renewed.
    static func refreshMargin(lifetime: TimeInterval) -> TimeInterval {
        min(300, max(0, lifetime) / 10)
    }

    private func isFresh(_ token: AccessToken, issuedAt: Date) -> Bool {
        let margin = Self.refreshMargin(lifetime: token.expiresOn.timeIntervalSince(issuedAt))
        return now().addingTimeInterval(margin) < token.expiresOn
    }
}
