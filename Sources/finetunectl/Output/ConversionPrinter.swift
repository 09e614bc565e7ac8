import TrainingData

/// Renders a ``ConversionReport`` for people.
struct ConversionPrinter {
    let terminal: Terminal
    var maxListed = 20

    func render(_ r: ConversionReport) -> String {
        var out = [
            terminal.bold("Converted") + " \(r.input) (\(r.sourceFormat.rawValue)): \(grouped(r.rowsRead)) rows read"
        ]
        if !r.columns.isEmpty { out.append("  columns: \(r.columns)") }
        out.append("  \(grouped(r.trainingExamples)) training examples → \(r.output)")
        if let v = r.validationOutput { out.append("  \(grouped(r.validationExamples)) validation examples → \(v)") }
        if r.duplicatesRemoved > 0 { out.append("  \(grouped(r.duplicatesRemoved)) duplicates removed") }
        if !r.skipped.isEmpty {
            out.append(terminal.yellow("  \(grouped(r.skipped.count)) rows skipped:"))
            for s in r.skipped.prefix(maxListed) { out.append("    line \(s.line): \(s.reason)") }
            if r.skipped.count > maxListed {
                out.append(terminal.dim("    … \(r.skipped.count - maxListed) more (use --json)"))
            }
        }
        return out.joined(separator: "\n")
    }
}
