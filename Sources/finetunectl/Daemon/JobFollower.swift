import ControlProtocol
import Foundation

/// Follows jobs until they end, for `watch` and `submit --wait`.
struct JobFollower {
    let session: DaemonSession

    /// Follows one job through `Jobs.Events` (with `more`), showing its progress — status,
    /// step / total, training loss, ETA — and its events as lines, until it ends; returns the
    /// job as it ended.
    func follow(_ id: String, progress: ProgressLine) async throws -> WireJob {
        let start = try await followable(id)
        if start.isTerminal { return start }
        var state = TrainingProgress(jobID: id, status: start.status, estimatedFinish: start.estimated_finish)
        progress.update(state.line, milestone: state.milestone)
        var replies = 0
        for try await reply in try session.callMore(ControlRequest.Jobs.Events(id: id)) {
            let update = try JSONValue.object(reply).decode(WireEventsReply.self)
            replies += 1
            for event in update.events {
                if event.type == "metrics", let data = event.data {
                    state.record(
                        step: data["step"]?.integerValue, total: data["total_steps"]?.integerValue,
                        loss: data["train_loss"]?.doubleValue, at: Date(), stamped: event.created_at)
                } else if replies > 1 || Double(event.created_at) > Date().timeIntervalSince1970 - 600 {
                    // The history of an old job is not replayed; recent and new events are.
                    progress.note(JobPrinter(terminal: progress.terminal).event(event))
                }
            }
            if update.status != state.status {
                state.status = update.status
                if update.status == "running", let job = try? await session.job(id) {
                    state.estimatedFinish = job.estimated_finish
                }
            }
            progress.update(state.line, milestone: state.milestone)
        }
        progress.finish()
        return try await session.job(id)
    }

    /// The job, checked to be one whose end can be waited for: ended, or tracked (finetuned does
    /// not poll an untracked job, so following it would never end).
    func followable(_ id: String) async throws -> WireJob {
        let job = try await session.job(id)
        guard job.isTerminal || job.tracked else {
            throw CtlFailure(
                "\(id) is not tracked, so finetuned does not poll it and it would never end here; run `finetunectl track \(id)` first"
            )
        }
        return job
    }

    /// Follows several jobs (all unfinished ones when `ids` is empty) through `Jobs.Watch`,
    /// calling `onChange` with every reply, until they have all ended; returns the jobs as they
    /// were last seen.
    func watch(_ ids: [String], onChange: (JSONValue, WireJob?) -> Void) async throws -> [WireJob] {
        for id in ids { _ = try await followable(id) }
        var last: [String: WireJob] = [:]
        var order: [String] = []
        for try await reply in try session.callMore(
            ControlRequest.Jobs.Watch(ids: ids.isEmpty ? nil : ids))
        {
            let job = try reply["job"].flatMap { $0.isNull ? nil : $0 }.map { try $0.decode(WireJob.self) }
            if let job {
                if last[job.id] == nil { order.append(job.id) }
                last[job.id] = job
            }
            onChange(.object(reply), job)
        }
        return order.compactMap { last[$0] }
    }
}

/// What the progress line says about a training job; pure, so its text is testable.
struct TrainingProgress {
    var jobID: String
    var status: String
    var estimatedFinish: Int64?
    var step: Int64?
    var totalSteps: Int64?
    var loss: Double?
    /// The first step seen and when, for an ETA from the observed rate.
    private var firstSeen: (step: Int64, at: Date)?
    private var lastSeenAt: Date?
    /// The first and latest steps with the API's time for them (whole seconds), for a rate
    /// when the steps arrive together (the daemon polled once for several).
    private var firstStamped: (step: Int64, at: Int64)?
    private var lastStamped: (step: Int64, at: Int64)?

    init(jobID: String, status: String, estimatedFinish: Int64? = nil) {
        self.jobID = jobID
        self.status = status
        self.estimatedFinish = estimatedFinish
    }

    mutating func record(step: Int64?, total: Int64?, loss: Double?, at now: Date, stamped: Int64? = nil) {
        guard let step else { return }
        if let current = self.step, step < current { return }
        if let stamped {
            if firstStamped == nil { firstStamped = (step, stamped) }
            lastStamped = (step, stamped)
        }
        self.step = step
        if let total { totalSteps = total }
        if let loss { self.loss = loss }
        // Steps that arrive together (a batch, or the history of a job already running) say
        // nothing about the rate: the rate is measured from the last step of the first batch.
        if firstSeen == nil || now.timeIntervalSince(firstSeen!.at) < 0.05 { firstSeen = (step, now) }
        lastSeenAt = now
    }

    /// Seconds left: from the step rate seen arriving once two batches of steps have come, else
    /// from the API's times of the steps once they span a second, else the API's estimate.
    func eta(now: Date = Date()) -> Double? {
        if let first = firstSeen, let step, let total = totalSteps, let seen = lastSeenAt, step > first.step {
            let perStep = seen.timeIntervalSince(first.at) / Double(step - first.step)
            return max(0, Double(total - step) * perStep - now.timeIntervalSince(seen))
        }
        if let first = firstStamped, let last = lastStamped, let total = totalSteps, last.step > first.step,
            last.at > first.at
        {
            let perStep = Double(last.at - first.at) / Double(last.step - first.step)
            return max(0, Double(total - last.step) * perStep)
        }
        if let estimatedFinish { return max(0, Double(estimatedFinish) - now.timeIntervalSince1970) }
        return nil
    }

    /// `running  step 40/96 [######----------]  42%  loss 0.8312  ETA 12s  ftjob-abc` (the id
    /// last, so a narrow terminal cuts it rather than the numbers).
    var line: String {
        var parts = [status]
        if let step, let total = totalSteps, total > 0 {
            parts.append("step \(step)/\(total) " + ProgressLine.bar(Double(step) / Double(total), width: 16))
        }
        if let loss { parts.append(String(format: "loss %.4f", loss)) }
        if status == "running", let eta = eta() { parts.append("ETA \(TimeText.duration(eta))") }
        parts.append(jobID)
        return parts.joined(separator: "  ")
    }

    /// Changes at each status and each tenth of the steps (the plain-line cadence).
    var milestone: String {
        guard let step, let total = totalSteps, total > 0 else { return status }
        return "\(status)/\(step * 10 / total)"
    }
}
