import ControlProtocol
import FoundationEssentials
import JobStore
import OpenAIFineTuning
import Varlink

/// `io.finetuned.Jobs`: answers from the store; goes to the API only to act (track, cancel,
/// pause, resume, submit).
struct JobsInterface {
    static let name = ControlInterface.jobs
    typealias Jobs = ControlRequest.Jobs
    let daemon: any JobsControl

    func make(description: String) throws -> VarlinkInterface {
        var interface = try VarlinkInterface(description: description)
        // A lookup by key: answered on the connection's event loop, no task (README, control socket).
        interface.handleImmediately(Jobs.Get.self, access: .read) { request, _ in try mappedNow { try get(request) } }
        interface.handle(Jobs.List.self, access: .read) { request, _ in try await mapped { try list(request) } }
        interface.handle(Jobs.Checkpoints.self, access: .read) { request, _ in
            try await mapped {
                let id = request.id
                _ = try job(id)
                return VarlinkReply(
                    Wire.CheckpointList(checkpoints: try daemon.store.checkpoints(jobID: id).map(Wire.Checkpoint.init)))
            }
        }
        interface.handle(Jobs.Metrics.self, access: .read) { request, _ in
            try await mapped {
                let id = request.id
                _ = try job(id)
                return VarlinkReply(
                    Wire.MetricList(points: try daemon.store.metrics(jobID: id).map(Wire.MetricPoint.init)))
            }
        }
        interface.handleStreaming(Jobs.Watch.self, access: .read) { request, _, stream in
            try await mapped { try await watch(request, stream) }
        }
        interface.handleStreaming(Jobs.Events.self, access: .read, requiresMore: false) { request, call, stream in
            try await mapped { try await events(request, more: call.more, stream) }
        }
        interface.handle(Jobs.Track.self, access: .write) { parameters, _ in
            try await mapped {
                let record = try await daemon.track(jobID: parameters.id, account: parameters.account)
                return VarlinkReply(Wire.JobReply(job: wire(record)))
            }
        }
        interface.handle(Jobs.Untrack.self, access: .write) { request, _ in
            try await mapped {
                let id = request.id
                _ = try job(id)
                try daemon.store.setTracked(jobID: id, false)
                return VarlinkReply(Wire.JobReply(job: wire(try job(id))))
            }
        }
        handle(JobAction.cancel, Jobs.Cancel.self, on: &interface)
        handle(JobAction.pause, Jobs.Pause.self, on: &interface)
        handle(JobAction.resume, Jobs.Resume.self, on: &interface)
        interface.handleStreaming(
            Jobs.Submit.self, access: .write, requiresMore: false, acceptingDescriptors: SubmitDescriptors.maximum
        ) { request, call, stream in
            try await mapped { try await SubmitHandler(daemon: daemon).submit(request, call, stream) }
        }
        interface.handleStreaming(Jobs.Migrate.self, access: .write, requiresMore: false) { request, call, stream in
            try await mapped { try await migrate(request, call, stream) }
        }
        interface.handle(Jobs.PlanMigration.self, access: .read) { request, _ in
            try await mapped { try await planMigration(Jobs.Migrate(request)) }
        }
        SubmissionsMethods(daemon: daemon).install(on: &interface)
        return interface
    }

    /// Cancel, Pause or Resume.
    private func handle<Request: IDRequestValue>(
        _ action: JobAction, _ request: Request.Type, on interface: inout VarlinkInterface
    ) {
        interface.handle(Request.self, access: .write) { request, _ in
            try await mapped {
                VarlinkReply(Wire.JobReply(job: wire(try await daemon.perform(action, jobID: request.id))))
            }
        }
    }

    /// Re-submits a succeeded job on another account and follows that submission as `Submit`
    /// does; a migration already under way or done is answered with, not repeated.
    private func migrate(
        _ request: MigrationRequest, _ call: VarlinkCall, _ stream: VarlinkReplyStream
    ) async throws -> VarlinkReply {
        let (submission, planned) = try await daemon.startMigration(
            request, requestedBy: call.connection.peer.map { Int64($0.uid) })
        if submission.state == .created, let id = submission.jobID, let job = try daemon.store.job(id: id) {
            let state = SubmitProgressState(submissionID: submission.id)
            state.apply(.created(job))
            return VarlinkReply(state.reply)
        }
        return try await SubmitHandler(daemon: daemon).follow(submission, request: planned, call: call, stream: stream)
    }

    /// What `Migrate` would submit, and its estimated cost (the original's billed tokens at the
    /// target model's training price); a refusal is the answer's `problem`, not an error.
    private func planMigration(_ request: MigrationRequest) async throws -> VarlinkReply {
        guard let record = try daemon.store.job(id: request.id) else { throw DaemonError.noSuchJob(request.id) }
        guard daemon.account(named: request.to) != nil else { throw DaemonError.noSuchAccount(request.to) }
        var plan = Wire.MigrationPlan(id: record.id, account: record.account, model: record.model, to: request.to)
        do {
            let planned = try await daemon.planMigration(request)
            plan.target_model = planned.model
            plan.training_file = planned.training_file
            plan.validation_file = planned.validation_file
            plan.estimated_cost = record.trainedTokens.flatMap { tokens in
                daemon.trainingPrices.price(for: planned.model).map { Double(tokens) * $0 / 1_000_000 }
            }
        } catch let error as VarlinkError {
            plan.problem =
                error.parameters["message"]?.stringValue ?? error.parameters["reason"]?.stringValue
                .map { "\(error.parameters["parameter"]?.stringValue ?? "a parameter") \($0)" } ?? error.name
        }
        return VarlinkReply(plan)
    }

    private func job(_ id: String) throws -> JobRecord {
        guard let record = try daemon.store.job(id: id) else { throw DaemonError.noSuchJob(id) }
        return record
    }

    private func get(_ request: Jobs.Get) throws -> VarlinkReply {
        let id = request.id
        guard let detail = try daemon.store.jobDetail(id: id) else { throw DaemonError.noSuchJob(id) }
        // The detail's record has no raw JSON: its method and hyperparameters come ready.
        var wire = Wire.Job(detail.record, prices: daemon.trainingPrices)
        wire.method = detail.methodType
        wire.migrated_from = detail.migratedFrom
        wire.migrated_to = detail.migratedTo.isEmpty ? nil : detail.migratedTo
        wire.last_polled_at = lastPolled(detail.record)
        wire.watched = daemon.feed.watchers.isWatched(id)
        wire.submitted_file = detail.submittedFile
        return VarlinkReply(JobGetReply(job: wire, hyperparametersJSON: detail.hyperparametersJSON))
    }

    private func list(_ parameters: Jobs.List) throws -> VarlinkReply {
        var cursor: JobCursor?
        if let text = parameters.cursor {
            guard let parsed = JobCursor(text) else { throw VarlinkError.invalidParameter("cursor") }
            cursor = parsed
        }
        if let limit = parameters.limit, !(1...1000).contains(limit) { throw VarlinkError.invalidParameter("limit") }
        let filter = JobFilter(
            account: parameters.account,
            statuses: parameters.status.map { Set($0.map { JobStatus(rawValue: $0) }) },
            createdSince: parameters.since)
        let page = try daemon.store.listJobs(filter: filter, after: cursor, limit: parameters.limit ?? 100)
        let links = try daemon.store.migrationLinks(jobIDs: page.jobs.map(\.id))
        let jobs = page.jobs.map { record in
            var wire = Wire.Job(record)
            wire.migrated_from = links[record.id]?.from
            wire.migrated_to = links[record.id].flatMap { $0.to.isEmpty ? nil : $0.to }
            wire.last_polled_at = lastPolled(record)
            wire.watched = daemon.feed.watchers.isWatched(record.id)
            return wire
        }
        return VarlinkReply(Wire.JobList(jobs: jobs, next_cursor: page.nextCursor?.description))
    }

    /// When the job was last looked at. A cycle writes only the jobs that changed, but it sees
    /// every tracked unfinished job of its account: for those, the later of the stored time and
    /// the account's last successful cycle.
    private func lastPolled(_ record: JobRecord) -> Int64? {
        guard record.isTracked, !record.isTerminal,
            let success = daemon.lastSuccessfulCycle(ofAccount: record.account)
        else { return record.lastPolledAt }
        return max(record.lastPolledAt ?? 0, Int64(success.timeIntervalSince1970))
    }

    /// Replies with each watched job now, then once per change, until every one has ended. While
    /// the call runs, its unfinished jobs count as watched (`Watchers`): polled at the watching
    /// interval, their events fetched every cycle.
    private func watch(_ parameters: Jobs.Watch, _ stream: VarlinkReplyStream) async throws -> VarlinkReply {
        let changes = daemon.feed.subscribe()
        var ids = parameters.ids ?? []
        if ids.isEmpty { ids = try daemon.store.trackedNonTerminalJobs().map(\.id) }
        let snapshot = try ids.map { try job($0) }
        var follower = JobsFollower(store: daemon.store, jobs: snapshot)
        return try await daemon.feed.watchers.watching(follower.remaining) {
            daemon.pollNow()
            if follower.isDone {
                for record in snapshot.dropLast() { try await stream.send(Wire.JobReply(job: wire(record))) }
                return VarlinkReply(Wire.WatchReply(job: snapshot.last.map { wire($0) }))
            }
            for record in snapshot { try await stream.send(Wire.JobReply(job: wire(record))) }
            for await delivery in changes {
                let records = try follower.take(delivery)
                for (index, record) in records.enumerated() {
                    if follower.isDone && index == records.count - 1 {
                        return VarlinkReply(Wire.WatchReply(job: wire(record)))
                    }
                    try await stream.send(Wire.JobReply(job: wire(record)))
                }
            }
            throw CancellationError()
        }
    }

    /// The stored events after `after`; with `more`, then each new event until the job ends,
    /// every one once and in order (`EventsFollower`). While the call follows, the job counts as
    /// watched (`Watchers`).
    private func events(
        _ parameters: Jobs.Events, more: Bool, _ stream: VarlinkReplyStream
    ) async throws -> VarlinkReply {
        let changes = more ? daemon.feed.subscribe() : nil
        let record = try job(parameters.id)
        let limit = min(max(parameters.limit ?? 10_000, 1), 10_000)
        guard let changes, !record.isTerminal else {
            let history = try daemon.store.events(jobID: record.id, afterEventID: parameters.after, limit: limit)
            return VarlinkReply(Wire.EventsReply(events: history.map(Wire.Event.init), status: record.status.rawValue))
        }
        var (history, follower) = try EventsFollower.start(
            store: daemon.store, jobID: record.id, after: parameters.after, limit: limit)
        let reply = Wire.EventsReply(events: history.map(Wire.Event.init), status: record.status.rawValue)
        return try await daemon.feed.watchers.watching([record.id]) {
            daemon.pollNow()
            try await stream.send(reply)
            for await delivery in changes {
                guard let step = try follower.take(delivery) else { continue }
                // After a long overflow the events read back can be many: at most 1,000 a reply.
                var events = step.events.map(Wire.Event.init)[...]
                while events.count > 1000 {
                    try await stream.send(
                        Wire.EventsReply(events: Array(events.prefix(1000)), status: step.status.rawValue))
                    events = events.dropFirst(1000)
                }
                let update = Wire.EventsReply(events: Array(events), status: step.status.rawValue)
                if step.ended { return VarlinkReply(update) }
                if !events.isEmpty { try await stream.send(update) }
            }
            throw CancellationError()
        }
    }

    /// The job as the wire shows it, `watched` from the watchers counted now.
    private func wire(_ record: JobRecord) -> Wire.Job {
        var wire = Wire.Job(record)
        wire.watched = daemon.feed.watchers.isWatched(record.id)
        return wire
    }
}

/// ``mapped(interface:_:)`` for a handler that does not await (`handleImmediately`).
func mappedNow<T>(interface: String = JobsInterface.name, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch {
        throw ControlErrors.map(error, interface: interface)
    }
}

/// Runs `body`, turning daemon and API errors into the interface's Varlink errors.
func mapped<T>(interface: String = JobsInterface.name, _ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch {
        throw ControlErrors.map(error, interface: interface)
    }
}
