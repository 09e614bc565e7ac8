@testable import FineTuneDaemon
import Foundation
import OpenAIFineTuning
import Testing

/// The `[Account]` keys of the management plane, as the daemon reads and checks them.
struct DeploymentSettingsTests {
    func write(_ text: String) throws -> (directory: String, path: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ds-\(UUID().uuidString.prefix(6))"
        ).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/finetuned.conf"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return (directory, path)
    }

    @Test func checkConfigSaysWhereAnAzureAccountDeploysOrWhichKeyIsMissingInWhichFile() throws {
        let (directory, path) = try write(
            """
            [Account]
            Name=az
            BaseURL=https://res.openai.azure.com/openai
            AuthStyle=azure
            APIVersion=2024-10-21
            AzureResourceGroup=rg
            AzureResourceName=res
            DeployOnSuccess=standard
            """)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let outcome = ConfigCheck.run(configPath: path, required: true, environment: ["OPENAI_API_KEY": "k-0123456789"])
        #expect(outcome.ok)
        let line = try #require(outcome.lines.first { $0.contains("cannot deploy") })
        #expect(line.contains("AzureSubscriptionID=") && line.contains(path))
        let configuration = try DaemonConfiguration.load(path: path, required: true, environment: [:])
        #expect(configuration.accounts[0].deployments.deployOnSuccess == .standard)
        #expect(configuration.accounts[0].deployments.managementURL == AzureResource.defaultManagementURL)
    }

    @Test func badValuesAreRefusedWithFileLineAndKey() throws {
        for (key, value) in [("DeployOnSuccess", "Premium"), ("AzureManagementURL", "ftp://x")] {
            let (directory, path) = try write("[Account]\nName=az\n\(key)=\(value)\n")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            #expect {
                _ = try DaemonConfiguration.load(path: path, required: true, environment: [:])
            } throws: { error in
                "\(error)".contains("\(path):3") && "\(error)".contains(key)
            }
        }
    }
}
