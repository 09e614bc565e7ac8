/// What a 403 from the management plane means for each thing finetuned asks of it: the ARM
/// action the caller's identity lacks (`Microsoft.CognitiveServices/accounts/deployments/…`,
/// the resource type of the deployment paths, reference §3) and where such a permission comes
/// from.
public enum ManagementPermission {
    /// The ARM action a request needs: `…/deployments/read`, `/write` or `/delete`.
    public static func action(forMethod method: String) -> String {
        let verb: String
        switch method {
        case "PUT": verb = "write"
        case "DELETE": verb = "delete"
        default: verb = "read"
        }
        return "Microsoft.CognitiveServices/accounts/deployments/\(verb)"
    }

    /// The explanation added to a 403: names the action, the resource, and the kind of role.
    public static func explanation(method: String, resource: AzureResource) -> String {
        "the identity finetuned signs in as needs the permission \(action(forMethod: method)) on the Azure "
            + "OpenAI resource \(resource.accountName) (resource group \(resource.resourceGroup)); grant it a role "
            + "that includes it, such as Cognitive Services Contributor on the resource (Cognitive Services "
            + "OpenAI Contributor, which fine-tuning needs, is a data-plane role)"
    }
}
