import ControlProtocol
import FineTuneDaemon
import FoundationEssentials
import OpenAIFineTuning
import Varlink

/// `finetuned demo --azure`: the same story on the simulated Azure OpenAI, plus what Azure adds:
/// Entra ID tokens from the simulated tenant (one for the data plane, one for the management
/// plane), a deployment followed to `Succeeded` with its hourly cost, the chat through it, and
/// its deletion.
extension DemoCommand {

    /// The `[Account]` section of the simulated Azure resource: the v1 API with Entra ID client
    /// credentials against the simulated tenant's token endpoint (its secret in the file the
    /// simulator reads too), and the management plane where the model is deployed.
    func azureAccount(_ simulator: DemoSimulator) -> String {
        """
        [Account]
        Name=azure
        BaseURL=\(simulator.azureBaseURL)/v1
        AuthStyle=entra
        EntraTenantID=\(DemoSimulator.tenantID)
        EntraClientID=\(DemoSimulator.clientID)
        EntraClientSecretFile=\(simulator.clientSecretFile)
        EntraAuthorityHost=\(simulator.managementURL)
        AzureSubscriptionID=00000000-0000-0000-0000-000000000000
        AzureResourceGroup=rg-demo
        AzureResourceName=demo-resource
        AzureManagementURL=\(simulator.managementURL)
        """
    }

    /// The daemon follows the deployment closely in the demo.
    func azureOptions(_ options: inout Daemon.Options) {
        options.deploymentCheckInterval = .milliseconds(250)
    }

    /// `Models.Deploy`, then `Models.Deployments` until the deployment has succeeded; its name.
    func deploy(_ client: VarlinkClient, jobID: String) async throws -> String {
        let reply = try await client.call(
            ControlMethod.Models.deploy,
            parameters: [
                "job": .string(jobID), "name": .string("teaching-assistant"), "sku": .string("GlobalStandard"),
            ])
        guard let name = reply["deployment"]?["name"]?.stringValue else {
            throw DemoFailure("the deployment reply has no name")
        }
        var state = reply["deployment"]?["state"]?.stringValue ?? "?"
        say("deploying  \(name) (GlobalStandard, capacity 1): \(state)")
        while state != "Succeeded" {
            try await Task.sleep(for: .milliseconds(250))
            let list = try await client.call(
                ControlMethod.Models.deployments, parameters: ["include_ended": .bool(true)])
            guard let current = list["deployments"]?.arrayValue?.first(where: { $0["name"]?.stringValue == name })
            else {
                throw DemoFailure("deployment \(name) disappeared")
            }
            let next = current["state"]?.stringValue ?? "?"
            if next != state {
                state = next
                say("deployment \(name): \(state)")
            }
            if ["Failed", "Canceled", "Gone"].contains(state) {
                throw DemoFailure("deployment \(name) is \(state): \(current["error"]?.stringValue ?? "")")
            }
        }
        say("chat       goes through deployment \(name), never the model id")
        return name
    }

    /// `Models.Undeploy`, with the hosting cost it ran up.
    func undeploy(_ client: VarlinkClient, name: String) async throws {
        let reply = try await client.call(ControlMethod.Models.undeploy, parameters: ["name": .string(name)])
        let cost = reply["deployment"]?["hosting_cost_usd"]?.doubleValue ?? 0
        let hourly = reply["deployment"]?["hourly_usd"]?.doubleValue ?? 0
        say(
            "undeployed \(name): hosting cost $\(NumberText.fixed(cost, digits: 4)) at $\(NumberText.fixed(hourly, digits: 2))/h"
                + " (simulated time runs faster; Azure bills wall-clock hours)")
    }
}

struct DemoFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
