import ArgumentParser
import Foundation
import ControlProtocol

/// `finetunectl deploy MODEL|JOB`: deploys a fine-tuned model on its Azure OpenAI resource.
struct DeployCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy",
        abstract: "Deploy a fine-tuned model on Azure OpenAI (it costs money every hour until undeployed).",
        discussion: """
            finetuned creates the deployment through the account's management plane (AzureSubscriptionID=, \
            AzureResourceGroup=, AzureResourceName=, Entra ID) and follows it until it succeeds or fails. \
            A name already in use is refused, never replaced. Azure deletes a deployment after 15 days \
            without use; a Developer deployment lives 24 hours.
            """)

    @Argument(
        help: ArgumentHelp("A fine-tuned model id or a job id (ftjob-…).", valueName: "model-or-job"),
        completion: DaemonCompletion.modelsAndJobs)
    var target: String

    @Option(help: "The deployment's name (what chat requests name); default: derived from the model.")
    var name: String?

    @Option(help: "GlobalStandard, Standard or Developer.")
    var sku = "GlobalStandard"

    @Option(help: "Capacity units (default 1; 50 for Developer).")
    var capacity: Int?

    @Option(help: "The account, when the model is not one finetuned knows.")
    var account: String?

    @Flag(help: "Wait until the deployment has succeeded or failed.")
    var wait = false

    @OptionGroup var daemon: DaemonOptions

    func validate() throws {
        if let capacity, capacity < 1 { throw ValidationError("--capacity must be at least 1, got \(capacity)") }
    }

    func run() async throws {
        let byJob = target.hasPrefix("ftjob-")
        let parameters = ControlRequest.Models.Deploy(
            model: byJob ? nil : target, job: byJob ? target : nil, name: name, sku: sku,
            capacity: capacity, account: account)
        try await DaemonSession.run(daemon) { session in
            let reply = try await session.call(parameters)
            var deployment = try reply["deployment"].orNull.decode(WireDeployment.self)
            if wait { deployment = try await DeploymentWaiter.settle(deployment, session: session) }
            if daemon.json {
                try JSONOutput.print(Wire.DeploymentReply(deployment: deployment))
            } else {
                Output.line(DeploymentText.summary(deployment))
            }
            if deployment.state == "Failed" { throw CtlExit.jobFailed }
        }
    }
}

/// Follows a deployment through `Models.Deployments` until its state settles.
enum DeploymentWaiter {
    static let settled: Set<String> = ["Succeeded", "Failed", "Canceled", "Disabled", "Deleted", "Gone"]

    static func settle(_ deployment: WireDeployment, session: DaemonSession) async throws -> WireDeployment {
        var current = deployment
        var shown = current.state
        while !settled.contains(current.state) {
            try await Task.sleep(for: .milliseconds(500))
            let list = try await session.call(ControlRequest.Models.Deployments(include_ended: true))
            let all = try list["deployments"].orNull.decode([WireDeployment].self)
            guard let next = all.first(where: { $0.name == current.name && $0.account == current.account }) else {
                break
            }
            current = next
            if current.state != shown, isatty(STDERR_FILENO) == 1 {
                Terminal.warn("\(current.name): \(current.state)")
                shown = current.state
            }
        }
        return current
    }
}
