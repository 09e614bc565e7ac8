import FoundationEssentials
import Glibc
import OpenAIFineTuning

/// Turns an account's `EntraSettings` into an `EntraCredential`, reading the client secret: the
/// systemd credential first (`$CREDENTIALS_DIRECTORY/NAME`), then `EntraClientSecretFile=`, which
/// is refused when group or others can read it. The secret is never put in an error or a log.
public enum EntraCredentialSource {
    /// - Returns: the credential, and where its secret came from (nil when it needs none).
    /// - Throws: `ConfigurationError` when the secret is missing, unreadable, empty or too open.
    public static func resolve(
        _ settings: EntraSettings, account: String, environment: [String: String]
    )
        throws(ConfigurationError) -> (credential: EntraCredential, secretOrigin: APIKeySource.Origin?)
    {
        switch settings.source {
        case .managedIdentity:
            return (.managedIdentity(clientID: settings.clientID, endpoint: settings.managedIdentityEndpoint), nil)
        case .federatedToken(let file):
            return (
                .federatedToken(tenantID: settings.tenantID ?? "", clientID: settings.clientID ?? "", tokenFile: file),
                nil
            )
        case .clientSecret:
            let (secret, origin) = try secret(settings, account: account, environment: environment)
            return (
                .clientSecret(tenantID: settings.tenantID ?? "", clientID: settings.clientID ?? "", secret: secret),
                origin
            )
        }
    }

    private static func secret(
        _ settings: EntraSettings, account: String, environment: [String: String]
    )
        throws(ConfigurationError) -> (APIKey, APIKeySource.Origin)
    {
        if let directory = environment["CREDENTIALS_DIRECTORY"], !directory.isEmpty {
            let path = directory + "/" + settings.secretCredential
            if FileManager.default.fileExists(atPath: path) {
                return (try read(path, checkPermissions: false), .credential(settings.secretCredential))
            }
        }
        if let path = settings.secretFile {
            return (try read(path, checkPermissions: true), .file(path))
        }
        throw ConfigurationError(
            "account \(account): no Entra ID client secret: provide the systemd credential \(settings.secretCredential) "
                + "(LoadCredential=) or EntraClientSecretFile=")
    }

    private static func read(_ path: String, checkPermissions: Bool) throws(ConfigurationError) -> APIKey {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw ConfigurationError(
                "\(path): cannot read the Entra ID client secret: \(String(cString: strerror(errno)))")
        }
        if checkPermissions && info.st_mode & 0o077 != 0 {
            throw ConfigurationError(
                "\(path): EntraClientSecretFile= is readable by others (mode \(String(info.st_mode & 0o777, radix: 8))); chmod 600 it"
            )
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ConfigurationError("\(path): cannot read the Entra ID client secret")
        }
        let secret = APIKey(text)
        guard !secret.isEmpty else { throw ConfigurationError("\(path): the Entra ID client secret file is empty") }
        return secret
    }
}
