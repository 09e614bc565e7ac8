/// `/fine_tuning/jobs/{id}/events` and `/checkpoints`: both newest first, cursor after an id.
extension SimulatorCore {
    func listEvents(_ id: String, _ request: SimRequest, _ state: inout SimulatorState) -> SimResponse {
        guard let job = state.jobs[id] else { return jobNotFound(id) }
        let events = JobTimeline(job: job, now: now).events.reversed().map { event in
            JSON.object([
                ("object", .string("fine_tuning.job.event")),
                ("id", .string(derivedID("ftevent-", "\(job.id)/\(event.key)"))),
                ("created_at", .int(Int(event.at))),
                ("level", .string(event.level)),
                ("message", .string(event.message)),
                ("data", event.data),
                ("type", .string(event.type)),
            ])
        }
        return page(events, request, defaultLimit: 20, withBounds: false)
    }

    func listCheckpoints(_ id: String, _ request: SimRequest, _ state: inout SimulatorState) -> SimResponse {
        guard let job = state.jobs[id] else { return jobNotFound(id) }
        let timeline = JobTimeline(job: job, now: now)
        let snapshot = timeline.snapshot
        let reached = snapshot.status == "succeeded" ? job.plan.totalSteps : snapshot.completedSteps
        let checkpoints = timeline.checkpointSteps.filter { $0 <= reached }.reversed().map { step in
            let at = timeline.wallTime(active: job.plan.startedAt + Double(step) * job.plan.secondsPerStep)
            let model =
                step == job.plan.totalSteps && snapshot.status == "succeeded"
                ? job.fineTunedModelID : "\(job.fineTunedModelID):ckpt-step-\(step)"
            var metrics = timeline.metrics(step: step)
            metrics[0].1 = .double(Double(step))
            if job.plan.hasValidationFile {
                metrics.append(("full_valid_loss", metrics.first { $0.0 == "valid_loss" }!.1))
                metrics.append(
                    (
                        "full_valid_mean_token_accuracy",
                        metrics.first { $0.0 == "valid_mean_token_accuracy" }!.1
                    ))
            }
            return JSON.object([
                ("object", .string("fine_tuning.job.checkpoint")),
                (
                    "id",
                    .string(
                        state.azureAPI != nil
                            ? "ftchkpt-" + derivedHex("\(job.id)/\(step)") : derivedID("ftckpt_", "\(job.id)/\(step)"))
                ),
                ("created_at", .int(Int(at))),
                ("fine_tuned_model_checkpoint", .string(model)),
                ("fine_tuning_job_id", .string(job.id)),
                ("metrics", .object(metrics)),
                ("step_number", .int(step)),
            ])
        }
        return page(checkpoints, request, defaultLimit: 10, withBounds: true)
    }

    /// One page of `items` (already in list order) after the `after` cursor.
    func page(_ items: [JSON], _ request: SimRequest, defaultLimit: Int, withBounds: Bool) -> SimResponse {
        let limit = max(1, Int(request.query["limit"] ?? "") ?? defaultLimit)
        var start = 0
        if let after = request.query["after"] {
            guard let index = items.firstIndex(where: { $0["id"]?.string == after }) else {
                return .notFound("No object found with id \(after).", param: "after")
            }
            start = index + 1
        }
        let slice = Array(items[min(start, items.count)..<min(start + limit, items.count)])
        var pairs: [(String, JSON)] = [
            ("object", .string("list")), ("data", .array(slice)),
            ("has_more", .bool(start + limit < items.count)),
        ]
        if withBounds {
            pairs.append(("first_id", .optional(slice.first?["id"]?.string)))
            pairs.append(("last_id", .optional(slice.last?["id"]?.string)))
        }
        return .json(.object(pairs))
    }
}
