import FoundationEssentials
import OpenAIFineTuning
import Systemd

/// An account's Microsoft Entra ID settings (`AuthStyle=entra`): which of the three token
/// sources it uses, and where its secret is. The names follow azure-identity's environment
/// variables (`AZURE_TENANT_ID` → `EntraTenantID=`, …). Holds no secret itself.
public struct EntraSettings: Sendable {
    public enum Source: Sendable, Equatable {
        /// `EntraTenantID=` + `EntraClientID=` + a secret (credential or file).
        case clientSecret
        /// `EntraFederatedTokenFile=` (workload identity) with tenant and client.
        case federatedToken(file: String)
        /// `EntraManagedIdentity=yes`.
        case managedIdentity
    }

    public var source: Source
    public var tenantID: String?
    public var clientID: String?
    /// The systemd credential holding the client secret (`EntraClientSecretCredential=`).
    public var secretCredential = "entra-client-secret"
    /// `EntraClientSecretFile=`: used when the credential is absent; refused when group or others
    /// can read it.
    public var secretFile: String?
    public var authorityHost = EntraCredential.defaultAuthorityHost
    /// `EntraManagedIdentityEndpoint=`: the instance metadata token endpoint. A configuration key
    /// rather than azure-identity's environment variables, so a unit's environment cannot send
    /// tokens elsewhere unseen; tests point it at the simulator.
    public var managedIdentityEndpoint = EntraCredential.defaultManagedIdentityEndpoint

    /// The `[Account]` keys these settings read.
    static let keys: Set<String> = [
        "EntraTenantID", "EntraClientID", "EntraClientSecretCredential", "EntraClientSecretFile",
        "EntraFederatedTokenFile", "EntraManagedIdentity", "EntraManagedIdentityEndpoint", "EntraAuthorityHost",
    ]

    /// Reads the settings of an `AuthStyle=entra` account.
    /// - Throws: `INIError` naming the file, line and key of a missing or contradictory setting.
    init(section: INISection, authStyle: INIAssignment) throws(INIError) {
        func text(_ key: String) -> INIAssignment? {
            section.last(key).flatMap { $0.value.isEmpty ? nil : $0 }
        }
        func url(_ assignment: INIAssignment) throws(INIError) -> URL {
            guard let url = URL(string: assignment.value), let scheme = url.scheme, ["http", "https"].contains(scheme),
                url.host != nil
            else { throw INIError(assignment, "not an http(s) URL: \"\(assignment.value)\"") }
            return url
        }
        tenantID = text("EntraTenantID")?.value
        clientID = text("EntraClientID")?.value
        if let value = text("EntraAuthorityHost") { authorityHost = try url(value) }
        if let value = text("EntraManagedIdentityEndpoint") { managedIdentityEndpoint = try url(value) }
        if let value = text("EntraClientSecretCredential") {
            guard !value.value.contains("/") else { throw INIError(value, "a credential name has no '/'") }
            secretCredential = value.value
        }
        if let value = text("EntraClientSecretFile") { secretFile = try value.absolutePath() }
        let managed = try text("EntraManagedIdentity").map { v throws(INIError) in try v.bool() } ?? false
        let federated = try text("EntraFederatedTokenFile").map { v throws(INIError) in try v.absolutePath() }
        if managed, let other = text("EntraFederatedTokenFile") ?? text("EntraClientSecretFile") {
            throw INIError(other, "EntraManagedIdentity=yes takes no \(other.key)=: choose one token source")
        }
        if let federated, let other = text("EntraClientSecretFile") {
            _ = federated
            throw INIError(other, "EntraFederatedTokenFile= takes no EntraClientSecretFile=: choose one token source")
        }
        if managed {
            source = .managedIdentity
            return
        }
        guard let tenant = tenantID,
            ASCIIName.matches(
                tenant, lengths: 1...128, first: ASCIIName.isNameCharacter, rest: ASCIIName.isNameCharacter)
        else {
            throw text("EntraTenantID").map { INIError($0, "not a tenant id or domain: \"\($0.value)\"") }
                ?? INIError(authStyle, "AuthStyle=entra needs EntraTenantID= (or EntraManagedIdentity=yes)")
        }
        _ = tenant
        guard clientID != nil else {
            throw INIError(authStyle, "AuthStyle=entra needs EntraClientID= (the application's client id)")
        }
        source = federated.map { .federatedToken(file: $0) } ?? .clientSecret
    }
}
