import ControlProtocol
import ArgumentParser
import Foundation

/// `finetunectl metrics JOB`: the loss curve, drawn in the terminal.
struct MetricsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "Draw a job's loss curve (training * and validation o, by step) and summarise it.")

    @Argument(help: "The job id.", completion: DaemonCompletion.jobs)
    var job: String

    @Option(parsing: .unconditional, help: "The curve's width in columns.")
    var width: Int = 64

    @Option(parsing: .unconditional, help: "The curve's height in rows.")
    var height: Int = 14

    @OptionGroup var daemon: DaemonOptions

    func validate() throws {
        guard (10...400).contains(width) else { throw ValidationError("--width must be 10…400, got \(width)") }
        guard (4...100).contains(height) else { throw ValidationError("--height must be 4…100, got \(height)") }
    }

    func run() async throws {
        try await DaemonSession.run(daemon) { session in
            let reply = try await session.call(ControlRequest.Jobs.Metrics(id: job))
            if daemon.json {
                try JSONOutput.print(reply)
                return
            }
            let points = try reply["points"].orNull.decode([WireMetricPoint].self).sorted { $0.step < $1.step }
            let train = points.compactMap { p in p.train_loss.map { (step: p.step, value: $0) } }
            let valid = points.compactMap { p in (p.valid_loss ?? p.full_valid_loss).map { (step: p.step, value: $0) } }
            let terminal = Terminal.standardOutput()
            guard let curve = LossCurve(width: width, height: height).render(train: train, valid: valid) else {
                let ended = try await session.job(job).isTerminal
                Output.line(ended ? "No metrics were recorded for \(job)." : "No metrics yet for \(job).")
                return
            }
            Output.line(
                terminal.bold("Loss by step for \(job)") + "  (* training"
                    + (valid.isEmpty ? ")" : ", o validation, # both)"))
            Output.line(curve)
            var summary: [String] = ["\(grouped(points.count)) points"]
            if let first = train.first, let last = train.last, let best = train.min(by: { $0.value < $1.value }) {
                summary.append(
                    String(
                        format: "training loss %.4f → %.4f (lowest %.4f at step %lld)", first.value, last.value,
                        best.value, best.step))
            }
            if let last = valid.last { summary.append(String(format: "last validation loss %.4f", last.value)) }
            if let accuracy = points.last(where: { $0.train_accuracy != nil })?.train_accuracy {
                summary.append(String(format: "training accuracy %.1f%%", accuracy * 100))
            }
            Output.line(summary.joined(separator: "; "))
        }
    }
}
