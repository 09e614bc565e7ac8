import Foundation

/// Renders jobs, events and checkpoints for people.
struct JobPrinter {
    let terminal: Terminal

    /// A status, coloured by what it means: green succeeded, red failed, yellow cancelled/paused.
    func status(_ status: String) -> String {
        switch status {
        case "succeeded": terminal.green(status)
        case "failed": terminal.red(status)
        case "cancelled", "paused": terminal.yellow(status)
        default: status
        }
    }

    /// One line per job, fitted to `width` (the models and the account are cut first).
    func table(_ jobs: [WireJob], width: Int? = nil) -> String {
        // A MIGRATION column only when some job was migrated (Jobs.Migrate): "→ NEW" or "← OLD".
        let migrated = jobs.contains { $0.migrated_from != nil || $0.migrated_to != nil }
        var table = Table(
            ["JOB", "STATUS", "MODEL", "FINE-TUNED MODEL", "CREATED", "FINISHED", "ACCOUNT"]
                + (migrated ? ["MIGRATION"] : []))
        for job in jobs {
            table.add(
                [
                    job.id, job.status, job.model, job.fine_tuned_model ?? "-", TimeText.date(job.created_at),
                    TimeText.date(job.finished_at), job.account,
                ] + (migrated ? [Self.migration(job) ?? "-"] : []))
        }
        // Colour after layout: escape codes would upset the column widths.
        let lines = table.renderLeft(width: width, elidable: [2, 3, 6], droppable: [5, 6, 4]).split(
            separator: "\n", omittingEmptySubsequences: false
        ).map(String.init)
        guard terminal.useColor, lines.count > 1 else { return lines.joined(separator: "\n") }
        var out = [terminal.bold(lines[0])]
        for (line, job) in zip(lines.dropFirst(), jobs) {
            if let range = line.range(of: " \(job.status) ") {
                out.append(line.replacingCharacters(in: range, with: " \(status(job.status)) "))
            } else {
                out.append(line)
            }
        }
        return out.joined(separator: "\n")
    }

    /// "← OLD" for a job made by a migration, "→ NEW, …" for one migrated elsewhere.
    static func migration(_ job: WireJob) -> String? {
        let parts = (job.migrated_from.map { ["← \($0)"] } ?? []) + (job.migrated_to ?? []).map { "→ \($0)" }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    /// Every label ``detail(_:)`` may show; their longest sets the label column, so the values
    /// start in the same column for every job.
    static let detailLabels = [
        "Job", "Status", "Account", "Model", "Fine-tuned model", "Method", "Hyperparameters", "Created", "Finished",
        "Estimated finish", "Trained tokens", "Billed tokens", "Estimated cost", "Training file", "Validation file",
        "Suffix", "Error", "Tracked", "Submission", "Migrated from", "Migrated to", "Last polled",
    ]

    func detail(_ job: WireJob) -> String {
        var rows: [(String, String)] = [
            ("Job", job.id), ("Status", status(job.status)), ("Account", job.account), ("Model", job.model),
        ]
        if let model = job.fine_tuned_model { rows.append(("Fine-tuned model", model)) }
        if let method = job.method { rows.append(("Method", method)) }
        if let hyperparameters = job.hyperparameters?.objectValue, !hyperparameters.isEmpty {
            rows.append(
                (
                    "Hyperparameters",
                    hyperparameters.sorted { $0.key < $1.key }.map { key, value in
                        "\(key)=\(value.stringValue ?? value.compactText)"
                    }.joined(separator: ", ")
                ))
        }
        rows.append(("Created", TimeText.date(job.created_at)))
        if let finished = job.finished_at { rows.append(("Finished", TimeText.date(finished))) }
        if let eta = job.estimated_finish, !job.isTerminal {
            let left = Double(eta) - Date().timeIntervalSince1970
            rows.append(("Estimated finish", TimeText.date(eta) + (left > 0 ? " (in \(TimeText.duration(left)))" : "")))
        }
        if let tokens = job.billed_tokens {
            rows.append(("Billed tokens", grouped(Int(tokens))))
        } else if let tokens = job.trained_tokens {
            rows.append(("Trained tokens", grouped(Int(tokens))))
        } else if !job.isTerminal {
            rows.append(("Billed tokens", "known when training ends"))
        }
        if let cost = job.estimated_cost {
            rows.append(("Estimated cost", Money.usd(cost) + " (billed tokens at the training price)"))
        }
        if let file = job.training_file { rows.append(("Training file", file)) }
        if let file = job.validation_file { rows.append(("Validation file", file)) }
        if let suffix = job.suffix { rows.append(("Suffix", suffix)) }
        if let error = job.error {
            let text = [error.code, error.message].compactMap { $0 }.joined(separator: ": ")
            rows.append(("Error", terminal.red(text.isEmpty ? "unknown" : text)))
        }
        rows.append(("Tracked", job.tracked ? "yes" : "no (not polled)"))
        if let submission = job.submission_id {
            rows.append(("Submission", submission + (job.submitted_file.map { " (from \($0))" } ?? "")))
        }
        if let from = job.migrated_from { rows.append(("Migrated from", from)) }
        if let to = job.migrated_to, !to.isEmpty { rows.append(("Migrated to", to.joined(separator: ", "))) }
        if let polled = job.last_polled_at { rows.append(("Last polled", TimeText.date(polled))) }
        let width = Self.detailLabels.map(\.count).max() ?? 0
        return rows.map { name, value in
            terminal.bold(name + ":") + String(repeating: " ", count: width - name.count + 1) + value
        }.joined(separator: "\n")
    }

    /// `2026-11-25 01:30:12  info   Step 10/96: training loss=1.52`.
    func event(_ event: WireEvent) -> String {
        let level =
            event.level == "error" ? terminal.red("error") : event.level == "warn" ? terminal.yellow("warn ") : "info "
        return "\(terminal.dim(TimeText.date(event.created_at)))  \(level)  \(event.message)"
    }

    func checkpoints(_ checkpoints: [WireCheckpoint], width: Int? = nil) -> String {
        var table = Table(["STEP", "CHECKPOINT MODEL", "CREATED", "TRAIN LOSS", "VALID LOSS"])
        for checkpoint in checkpoints.sorted(by: { $0.step_number < $1.step_number }) {
            table.add([
                String(checkpoint.step_number), checkpoint.fine_tuned_model_checkpoint,
                TimeText.date(checkpoint.created_at),
                number(checkpoint.metrics?["train_loss"]?.doubleValue),
                number(
                    checkpoint.metrics?["valid_loss"]?.doubleValue
                        ?? checkpoint.metrics?["full_valid_loss"]?.doubleValue),
            ])
        }
        return table.renderLeft(numeric: [0, 3, 4], width: width, elidable: [], droppable: [2, 4, 3])
    }

    private func number(_ value: Double?) -> String {
        value.map { String(format: "%.4f", $0) } ?? "-"
    }
}
