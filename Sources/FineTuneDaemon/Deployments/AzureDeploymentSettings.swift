import FoundationEssentials
import OpenAIFineTuning
import Systemd

/// An account's management-plane settings (`[Account]` keys `AzureSubscriptionID=`,
/// `AzureResourceGroup=`, `AzureResourceName=`, `AzureManagementURL=`, `DeployOnSuccess=`), and
/// where they were read, so an error can name the file.
public struct AzureDeploymentSettings: Sendable, Hashable {
    public var subscriptionID: String?
    public var resourceGroup: String?
    public var resourceName: String?
    public var managementURL: URL = AzureResource.defaultManagementURL
    /// Deploy each model as soon as its job succeeds, with this type; nil: never on its own.
    public var deployOnSuccess: DeploymentSKU?
    /// The file that defines the account (its `Name=` line, or its first key).
    public var file: String = "(built-in defaults)"

    public init() {}

    /// The resource, or the error `deploy` reports: the first missing key, and the file to add it to.
    public func resource(account: String) throws(DeploymentError) -> AzureResource {
        for (key, value) in [
            ("AzureSubscriptionID", subscriptionID), ("AzureResourceGroup", resourceGroup),
            ("AzureResourceName", resourceName),
        ] where value == nil {
            throw DeploymentError.missingSetting(account: account, key: key, file: file)
        }
        return AzureResource(
            subscriptionID: subscriptionID ?? "", resourceGroup: resourceGroup ?? "",
            accountName: resourceName ?? "", managementURL: managementURL)
    }

    /// The keys this type reads, for the configuration schema.
    static let keys: Set<String> = [
        "AzureSubscriptionID", "AzureResourceGroup", "AzureResourceName", "AzureManagementURL", "DeployOnSuccess",
    ]

    /// Reads the keys from one merged `[Account]` section.
    static func parse(_ section: INISection) throws(INIError) -> AzureDeploymentSettings {
        var settings = AzureDeploymentSettings()
        settings.file = (section.last("Name") ?? section.assignments.first)?.location.file ?? section.location.file
        func text(_ key: String) -> String? {
            section.last(key).flatMap { $0.value.isEmpty ? nil : $0.value }
        }
        settings.subscriptionID = text("AzureSubscriptionID")
        settings.resourceGroup = text("AzureResourceGroup")
        settings.resourceName = text("AzureResourceName")
        if let value = section.last("AzureManagementURL"), !value.value.isEmpty {
            guard let url = URL(string: value.value), let scheme = url.scheme, ["http", "https"].contains(scheme),
                url.host != nil
            else { throw INIError(value, "not an http(s) URL: \"\(value.value)\"") }
            settings.managementURL = url
        }
        if let value = section.last("DeployOnSuccess"), !value.value.isEmpty, value.value.lowercased() != "no" {
            guard let sku = DeploymentSKU(parsing: value.value) else {
                throw INIError(value, "expected GlobalStandard, Standard, Developer or no, got \"\(value.value)\"")
            }
            settings.deployOnSuccess = sku
        }
        return settings
    }
}
