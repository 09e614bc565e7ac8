import ControlProtocol
import ArgumentParser
import Foundation

/// `finetunectl deployments`: the Azure deployments finetuned tracks, with their cost so far.
struct DeploymentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deployments",
        abstract: "List Azure deployments: state, hosting cost since creation, and deletion warnings.")

    @Flag(help: "Include deleted, failed and vanished deployments.")
    var all = false

    @OptionGroup var daemon: DaemonOptions

    func run() async throws {
        try await DaemonSession.run(daemon) { session in
            let reply = try await session.call(ControlRequest.Models.Deployments(include_ended: all))
            if daemon.json {
                try JSONOutput.print(reply)
                return
            }
            let deployments = try reply["deployments"].orNull.decode([WireDeployment].self)
            guard !deployments.isEmpty else {
                Output.line(all ? "No deployments." : "No deployments (`finetunectl deploy MODEL` creates one).")
                return
            }
            var table = Table(["NAME", "MODEL", "STATE", "SKU", "AGE", "HOSTING COST", "ACCOUNT"])
            for d in deployments {
                table.add([
                    d.name, d.model, d.state, d.sku, TimeText.duration(d.hours * 3600),
                    "\(Money.usd(d.hosting_cost_usd)) (\(Money.usd(d.hourly_usd))/h)", d.account,
                ])
            }
            Output.line(table.renderLeft(width: OutputWidth.current(), elidable: [1], droppable: [6, 4, 3]))
            for d in deployments {
                for warning in d.warnings { Output.line("warning: \(d.name): \(warning)") }
                if let error = d.error, d.state == "Failed" || d.state == "Gone" || d.state == "Pending" {
                    Output.line("\(d.name): \(error)")
                }
            }
            if let source = deployments.first?.price_source {
                Output.line("Hosting fees per hour from \(source); token charges are extra.")
            }
        }
    }
}

/// `finetunectl undeploy NAME`: deletes an Azure deployment; its hourly fee stops.
struct UndeployCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undeploy", abstract: "Delete an Azure deployment (the model stays; its hourly fee stops).")

    @Argument(help: "The deployment's name.")
    var name: String

    @Option(help: "The account, when several have a deployment of that name.")
    var account: String?

    @OptionGroup var daemon: DaemonOptions

    func run() async throws {
        try await DaemonSession.run(daemon) { session in
            let reply = try await session.call(ControlRequest.Models.Undeploy(name: name, account: account))
            if daemon.json {
                try JSONOutput.print(reply)
                return
            }
            let d = try reply["deployment"].orNull.decode(WireDeployment.self)
            Output.line(
                "Deleted deployment \(d.name) of \(d.model); it cost \(Money.usd(d.hosting_cost_usd)) in hosting over \(TimeText.duration(d.hours * 3600))."
            )
        }
    }
}

/// How a deployment reads in a line.
enum DeploymentText {
    static func summary(_ d: WireDeployment) -> String {
        switch d.state {
        case "Succeeded":
            return
                "Deployment \(d.name) of \(d.model) succeeded (\(d.sku), capacity \(d.capacity), account \(d.account)); "
                + "`finetunectl chat \(d.model) …` goes through it. It costs \(Money.usd(d.hourly_usd))/h until `finetunectl undeploy \(d.name)`."
        case "Failed", "Canceled":
            return "Deployment \(d.name) of \(d.model) \(d.state.lowercased()): \(d.error ?? "no reason given")"
        default:
            var text =
                "Deployment \(d.name) of \(d.model) is \(d.state) (\(d.sku), capacity \(d.capacity), account \(d.account)); "
                + "finetuned follows it until it succeeds (`finetunectl deployments`). It costs \(Money.usd(d.hourly_usd))/h from now until `finetunectl undeploy \(d.name)`."
            if let error = d.error { text += "\n\(error)" }
            return text
        }
    }
}
