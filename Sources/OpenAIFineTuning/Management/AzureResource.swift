import FoundationEssentials

/// An Azure OpenAI resource as the management plane (ARM) names it: subscription, resource group
/// and account (`AzureSubscriptionID=`, `AzureResourceGroup=`, `AzureResourceName=`), reached at
/// `managementURL` (`AzureManagementURL=`, default `https://management.azure.com`).
public struct AzureResource: Sendable, Hashable, CustomStringConvertible {
    public var subscriptionID: String
    public var resourceGroup: String
    public var accountName: String
    public var managementURL: URL

    public static let defaultManagementURL = URL(string: "https://management.azure.com")!

    public init(
        subscriptionID: String, resourceGroup: String, accountName: String,
        managementURL: URL = AzureResource.defaultManagementURL
    ) {
        self.subscriptionID = subscriptionID
        self.resourceGroup = resourceGroup
        self.accountName = accountName
        self.managementURL = managementURL
    }

    /// `/subscriptions/…/resourceGroups/…/providers/Microsoft.CognitiveServices/accounts/…`
    public var resourcePath: String {
        "/subscriptions/\(pathSegment(subscriptionID))/resourceGroups/\(pathSegment(resourceGroup))"
            + "/providers/Microsoft.CognitiveServices/accounts/\(pathSegment(accountName))"
    }

    /// The deployments collection (`GET` lists it).
    public var deploymentsPath: String { resourcePath + "/deployments" }

    /// One deployment (`PUT`, `GET`, `DELETE`).
    public func deploymentPath(_ name: String) -> String { deploymentsPath + "/" + pathSegment(name) }

    public var description: String {
        "\(accountName) (resource group \(resourceGroup), subscription \(subscriptionID))"
    }
}
