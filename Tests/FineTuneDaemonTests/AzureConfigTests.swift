@testable import FineTuneDaemon
import Foundation
import Testing

/// `AuthStyle=azure|entra` in `finetuned.conf`: the v1 and dated APIs, the Entra ID token
/// sources, and the errors that name file, line and key.
@Suite struct AzureConfigTests {
    func check(
        _ account: String, environment: [String: String] = [:], secretMode: mode_t? = nil
    )
        throws -> (outcome: ConfigCheck.Outcome, path: String)
    {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ftaz-\(UUID().uuidString.prefix(8))"
        ).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if let secretMode {
            try "the-client-secret-value".write(toFile: directory + "/secret", atomically: true, encoding: .utf8)
            chmod(directory + "/secret", secretMode)
        }
        let path = directory + "/finetuned.conf"
        let text =
            "[Daemon]\nDatabasePath=\(directory)/db/finetuned.db\n\n[Account]\nName=az\n"
            + account.replacingOccurrences(of: "DIR", with: directory) + "\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return (ConfigCheck.run(configPath: path, required: true, environment: environment), path)
    }

    @Test func theV1APINeedsNoAPIVersionAndTheDatedOneKeepsIt() throws {
        let v1 = try check(
            "AuthStyle=azure\nBaseURL=https://r.openai.azure.com/openai/v1", environment: ["OPENAI_API_KEY": "k-123"])
        #expect(v1.outcome.ok, "\(v1.outcome.lines)")
        #expect(v1.outcome.lines.joined().contains("(azure, v1 API)"))
        let dated = try check(
            "AuthStyle=azure\nBaseURL=https://r.openai.azure.com/openai\nAPIVersion=2024-10-21",
            environment: ["OPENAI_API_KEY": "k-123"])
        #expect(dated.outcome.lines.joined().contains("api-version 2024-10-21"), "\(dated.outcome.lines)")
        let mismatch = try check(
            "AuthStyle=azure\nBaseURL=https://r.openai.azure.com/openai", environment: ["OPENAI_API_KEY": "k"])
        #expect(!mismatch.outcome.ok)
        #expect(
            mismatch.outcome.lines.first?.hasPrefix("\(mismatch.path):7: BaseURL:") == true, "\(mismatch.outcome.lines)"
        )
    }

    @Test func entraClientCredentialsShowTheSourceNeverTheSecret() throws {
        let entra = """
            AuthStyle=entra
            BaseURL=https://r.openai.azure.com/openai/v1
            EntraTenantID=contoso.onmicrosoft.com
            EntraClientID=11111111-2222-3333-4444-555555555555
            EntraClientSecretFile=DIR/secret
            """
        let good = try check(entra, secretMode: 0o600)
        #expect(good.outcome.ok, "\(good.outcome.lines)")
        let text = good.outcome.lines.joined(separator: "\n")
        #expect(text.contains("Entra ID client credentials (tenant contoso.onmicrosoft.com"))
        #expect(text.contains("/secret") && !text.contains("the-client-secret-value"))

        let open = try check(entra, secretMode: 0o644)
        #expect(!open.outcome.ok)
        #expect(open.outcome.lines.joined().contains("readable by others"), "\(open.outcome.lines)")

        let fromCredential = try check(
            entra.replacingOccurrences(of: "EntraClientSecretFile=DIR/secret", with: ""),
            environment: ["CREDENTIALS_DIRECTORY": "/nonexistent"])
        #expect(fromCredential.outcome.lines.joined().contains("systemd credential entra-client-secret"))
    }

    @Test func entraMistakesNameTheKeyFileAndLine() throws {
        let noTenant = try check("AuthStyle=entra\nBaseURL=https://r.openai.azure.com/openai/v1\nEntraClientID=c")
        #expect(
            noTenant.outcome.lines.first?.hasPrefix(
                "\(noTenant.path):6: AuthStyle: AuthStyle=entra needs EntraTenantID=") == true,
            "\(noTenant.outcome.lines)")
        let both = try check(
            "AuthStyle=entra\nBaseURL=https://r.openai.azure.com/openai/v1\nEntraManagedIdentity=yes\nEntraFederatedTokenFile=/var/run/token"
        )
        #expect(both.outcome.lines.first?.contains(":9: EntraFederatedTokenFile:") == true, "\(both.outcome.lines)")
        let managed = try check(
            "AuthStyle=entra\nBaseURL=https://r.openai.azure.com/openai/v1\nEntraManagedIdentity=yes")
        #expect(managed.outcome.ok, "\(managed.outcome.lines)")
        #expect(
            managed.outcome.lines.joined().contains(
                "managed identity via http://169.254.169.254/metadata/identity/oauth2/token"))
    }
}
