import Foundation
import TrainingData

/// Renders a ``ValidationReport`` for people: problems first, then statistics, then the cost.
struct ReportPrinter {
    let terminal: Terminal
    /// How many problems to list before summarising the rest.
    var maxListed = 50

    func render(_ report: ValidationReport) -> String {
        var out: [String] = []
        out.append(
            terminal.bold("Model \(report.model)")
                + " — \(report.encoding.rawValue), \(grouped(report.tokenLimitPerExample)) tokens per example, format \(report.format.rawValue)"
        )
        out.append("")
        if report.problems.isEmpty {
            out.append(terminal.green("No problems found."))
        } else {
            out.append(
                terminal.bold("Problems")
                    + " (\(plural(report.errorCount, "error")), \(plural(report.warningCount, "warning"))):")
            for p in report.problems.prefix(maxListed) {
                let severity = p.severity == .error ? terminal.red("error  ") : terminal.yellow("warning")
                let file = p.file == .validation ? "validation " : ""
                let place =
                    p.line.map { "\(file)line \($0)" } ?? (p.file == .validation ? "validation file" : "dataset")
                let path = p.keyPath.isEmpty ? "" : " \(p.keyPath)"
                out.append("  \(severity) \(place)\(path): \(p.message) [\(p.code.rawValue)]")
            }
            let unlisted = report.errorCount + report.warningCount - min(maxListed, report.problems.count)
            if unlisted > 0 {
                let counts = report.problemCounts.sorted { $0.value > $1.value }.map {
                    "\($0.key) \(grouped($0.value))"
                }
                out.append(
                    terminal.dim(
                        "  … \(grouped(unlisted)) more (use --json for all). By code: \(counts.joined(separator: ", "))"
                    ))
            }
        }
        out.append("")
        out.append(contentsOf: fileSection("Training file", report.training, limit: report.tokenLimitPerExample))
        if let validation = report.validation {
            out.append("")
            out.append(contentsOf: fileSection("Validation file", validation, limit: report.tokenLimitPerExample))
        }
        out.append("")
        let c = report.cost
        let epochs = "\(c.epochs) epoch\(c.epochs == 1 ? "" : "s")\(c.epochsWereAuto ? " (auto)" : "")"
        out.append(
            terminal.bold("Billed tokens: ")
                + "\(grouped(c.billedTokens)) = \(epochs) × \(grouped(report.training.cappedTokens))")
        if let cost = c.estimatedCostUSD, let price = c.usdPerMillionTokens {
            out.append(
                terminal.bold("Estimated cost: ") + Money.usd(cost)
                    + " at $\(String(format: "%.2f", price)) per 1M training tokens (prices as of \(c.pricesAsOf))")
        } else {
            out.append(
                terminal.bold("Estimated cost: ") + "unknown (no training price for \(report.model); pass --price)")
        }
        out.append("")
        out.append(
            report.hasErrors
                ? terminal.red("FAILED: \(plural(report.errorCount, "error")); OpenAI would reject this data.")
                : terminal.green(
                    "OK: ready to upload\(report.warningCount > 0 ? " (\(plural(report.warningCount, "warning")))" : "")."
                ))
        return out.joined(separator: "\n")
    }

    private func fileSection(_ title: String, _ s: FileStatistics, limit: Int) -> [String] {
        var out = [terminal.bold(title) + " \(s.path): \(plural(s.examples, "example")), \(megabytes(s.bytes))"]
        var table = Table(["", "min", "p10", "median", "mean", "p90", "max"])
        for (name, d) in [
            ("messages per example", s.messagesPerExample), ("tokens per example", s.tokensPerExample),
            ("assistant tokens per example", s.assistantTokensPerExample),
        ] {
            table.add([
                name, grouped(d.min), grouped(d.p10), grouped(d.median), String(format: "%.1f", d.mean), grouped(d.p90),
                grouped(d.max),
            ])
        }
        out.append(table.render())
        out.append(
            "  total tokens \(grouped(s.totalTokens)); billed per epoch \(grouped(s.cappedTokens)); "
                + "over \(grouped(limit)) tokens: \(grouped(s.examplesOverLimit)); without a system message: \(grouped(s.examplesMissingSystemMessage)); "
                + "without a user message: \(grouped(s.examplesMissingUserMessage)); duplicates: \(grouped(s.duplicateExamples))"
        )
        return out
    }
}
