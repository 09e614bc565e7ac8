import Foundation

/// Where a job stands at a given moment: a pure function of the job's facts and the clock.
struct JobTimeline {
    let job: SimJob
    let now: Double

    struct Event {
        var key: String
        var at: Double
        var level: String
        var message: String
        var type: String
        var data: JSON
    }

    struct Snapshot {
        var status: String
        var finishedAt: Double?
        var error: JobFailure?
        var completedSteps: Int
        var estimatedFinish: Double?
    }

    /// Training seconds elapsed by `time`, pauses excluded.
    func activeSeconds(at time: Double) -> Double {
        let paused = job.pauses.filter { $0.start <= time }.reduce(0.0) { $0 + $1.length(at: time) }
        return max(0, time - job.createdAt - paused)
    }

    /// The wall time at which `active` training seconds have elapsed (assuming no pause opens later).
    func wallTime(active: Double) -> Double {
        var time = job.createdAt + active
        for pause in job.pauses where pause.activeAtStart <= active {
            time += pause.requeuedUntil.map { $0 - pause.start } ?? .infinity
        }
        return time
    }

    /// The natural end of the job, if nothing intervenes: its status and when.
    private var naturalEnd: (status: String, at: Double, error: JobFailure?) {
        if let failure = job.plan.validationFailure {
            return (
                "failed", wallTime(active: job.plan.validatedAt),
                JobFailure(code: "invalid_training_file", message: failure, param: "training_file")
            )
        }
        return ("succeeded", wallTime(active: job.plan.endsAt), nil)
    }

    /// The moment the job ended and how, if it has ended by `now`.
    var ending: (status: String, at: Double, error: JobFailure?)? {
        var candidates: [(status: String, at: Double, error: JobFailure?)] = []
        if let cancelledAt = job.cancelledAt { candidates.append(("cancelled", cancelledAt, nil)) }
        if let forced = job.forcedStatus, let at = job.forcedAt,
            ["succeeded", "failed", "cancelled"].contains(forced)
        {
            let error =
                forced == "failed"
                ? job.forcedError ?? JobFailure(code: "server_error", message: "The job failed.", param: nil)
                : nil
            candidates.append((forced, at, error))
        }
        if job.pinnedStatus == nil { candidates.append(naturalEnd) }
        return candidates.filter { $0.at <= now }.min { $0.at < $1.at }
    }

    var snapshot: Snapshot {
        if let end = ending {
            let steps = end.status == "succeeded" ? job.plan.totalSteps : completedSteps(at: end.at)
            return Snapshot(
                status: end.status, finishedAt: end.at, error: end.error,
                completedSteps: steps, estimatedFinish: nil)
        }
        if let pinned = job.pinnedStatus {
            return Snapshot(
                status: job.forcedStatus ?? pinned, finishedAt: nil, error: nil,
                completedSteps: 0, estimatedFinish: nil)
        }
        if let pause = job.pauses.last, pause.start <= now, pause.requeuedUntil.map({ now < $0 }) ?? true {
            let status = pause.resumedAt.map { now >= $0 } == true ? "queued" : "paused"
            return Snapshot(
                status: status, finishedAt: nil, error: nil,
                completedSteps: completedSteps(at: now), estimatedFinish: nil)
        }
        let active = activeSeconds(at: now)
        let status: String
        if active < job.plan.validatedAt {
            status = "validating_files"
        } else if active < job.plan.startedAt {
            status = "queued"
        } else {
            status = "running"
        }
        return Snapshot(
            status: status, finishedAt: nil, error: nil, completedSteps: completedSteps(at: now),
            estimatedFinish: status == "running" ? naturalEnd.at : nil)
    }

    func completedSteps(at time: Double) -> Int {
        let active = activeSeconds(at: time) - job.plan.startedAt
        guard active > 0 else { return 0 }
        return min(job.plan.totalSteps, Int(active / job.plan.secondsPerStep))
    }

    /// The steps at which a checkpoint is kept: the ends of the last three epochs.
    var checkpointSteps: [Int] {
        let first = max(1, job.plan.epochs - 2)
        return (first...job.plan.epochs).map { $0 * job.plan.stepsPerEpoch }
    }

    /// The steps that get a metrics event: about a hundred spread over the run, and the last.
    var metricSteps: [Int] {
        let total = job.plan.totalSteps
        let stride = max(1, total / 100)
        var steps = Array(Swift.stride(from: stride, through: total, by: stride))
        if steps.last != total { steps.append(total) }
        return steps
    }

    /// Deterministic training curves: loss falls from about 2.2 towards 0.2, with seeded noise.
    func metrics(step: Int) -> [(String, JSON)] {
        let progress = Double(step) / Double(max(1, job.plan.totalSteps))
        var noise = SplitMix64(seed: stableHash("\(job.id)/\(job.seed)/\(step)"))
        let trainLoss = 0.2 + 2.0 * exp(-4 * progress) + (noise.unit() - 0.5) * 0.08
        let accuracy = min(0.99, 0.45 + 0.5 * (1 - exp(-4 * progress)) + (noise.unit() - 0.5) * 0.02)
        var values: [(String, JSON)] = [
            ("step", .int(step)),
            ("train_loss", .double(rounded(trainLoss))),
            ("train_mean_token_accuracy", .double(rounded(accuracy))),
        ]
        if job.plan.hasValidationFile {
            values.append(("valid_loss", .double(rounded(trainLoss + 0.08 + noise.unit() * 0.04))))
            values.append(("valid_mean_token_accuracy", .double(rounded(accuracy - 0.03))))
        }
        return values
    }

    /// Every event that has happened by `now`, oldest first.
    var events: [Event] {
        var events: [Event] = []
        let end = ending
        let cutoff = min(now, end?.at ?? .infinity)
        func add(
            _ key: String, _ at: Double, _ message: String, level: String = "info",
            type: String = "message", data: JSON = .object([])
        ) {
            guard at <= cutoff else { return }
            events.append(Event(key: key, at: at, level: level, message: message, type: type, data: data))
        }
        add("created", job.createdAt, "Created fine-tuning job: \(job.id)")
        add(
            "validating", job.createdAt,
            "Validating training file: \(job.trainingFile)"
                + (job.validationFile.map { " and validation file: \($0)" } ?? ""))
        if job.pinnedStatus == nil {
            let plan = job.plan
            if plan.validationFailure == nil {
                add("validated", wallTime(active: plan.validatedAt), "Files validated, moving job to queued state")
                add("started", wallTime(active: plan.startedAt), "Fine-tuning job started")
                let checkpoints = Set(checkpointSteps)
                for step in metricSteps {
                    let at = wallTime(active: plan.startedAt + Double(step) * plan.secondsPerStep)
                    var values = metrics(step: step)
                    values.insert(("total_steps", .int(plan.totalSteps)), at: 1)
                    let loss = values.first { $0.0 == "train_loss" }?.1.double ?? 0
                    var message = "Step \(step)/\(plan.totalSteps): training loss=\(String(format: "%.2f", loss))"
                    if let valid = values.first(where: { $0.0 == "valid_loss" })?.1.double {
                        message += ", validation loss=\(String(format: "%.2f", valid))"
                    }
                    add("step-\(step)", at, message, type: "metrics", data: .object(values))
                    if checkpoints.contains(step) {
                        add("checkpoint-\(step)", at, "Checkpoint created at step \(step)")
                    }
                }
                for step in checkpointSteps where !Set(metricSteps).contains(step) {
                    add(
                        "checkpoint-\(step)", wallTime(active: plan.startedAt + Double(step) * plan.secondsPerStep),
                        "Checkpoint created at step \(step)")
                }
            }
        }
        for (index, pause) in job.pauses.enumerated() {
            add("pause-\(index)", pause.start, "Fine-tuning job paused")
            if let resumed = pause.resumedAt { add("resume-\(index)", resumed, "Fine-tuning job resumed") }
        }
        if let end {
            switch end.status {
            case "succeeded":
                events.append(
                    Event(
                        key: "model", at: end.at, level: "info",
                        message: "New fine-tuned model created: \(job.fineTunedModelID)",
                        type: "message", data: .object([])))
                events.append(
                    Event(
                        key: "done", at: end.at, level: "info",
                        message: "The job has successfully completed", type: "message",
                        data: .object([])))
            case "failed":
                events.append(
                    Event(
                        key: "failed", at: end.at, level: "error",
                        message: end.error?.message ?? "The job failed", type: "message",
                        data: .object([])))
            default:
                events.append(
                    Event(
                        key: "cancelled", at: end.at, level: "info",
                        message: "Fine-tuning job cancelled", type: "message", data: .object([])))
            }
        }
        return events.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }
            .map(\.element)
    }

    private func rounded(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }
}
