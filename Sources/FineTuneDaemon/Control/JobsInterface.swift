import ControlProtocol
import Foundation
import JobStore
import OpenAIFineTuning
import Varlink

/// `io.finetuned.Jobs`: answers from the store; goes to the API only to act (track, cancel,
/// pause, resume, submit).
struct JobsInterface {
    static let name = ControlInterface.jobs
    let daemon: Daemon

    struct IDParameters: Decodable { var id: String }
    struct TrackParameters: Decodable {
        var id: String
        var account: String?
    }
    struct ListParameters: Decodable {
        var status: [String]?
        var account: String?
        var since: Int64?
        var limit: Int?
        var cursor: String?
    }
    struct WatchParameters: Decodable { var ids: [String]? }
    struct EventsParameters: Decodable {
        var id: String
        var after: String?
        var limit: Int?
    }

    func make(description: String) throws -> VarlinkInterface {
        var interface = try VarlinkInterface(description: description)
        interface.handle("Get", access: .read) { call in try await mapped { try get(call) } }
        interface.handle("List", access: .read) { call in try await mapped { try list(call) } }
        interface.handle("Checkpoints", access: .read) { call in
            try await mapped {
                let id = try call.decodeParameters(IDParameters.self).id
                _ = try job(id)
                return VarlinkReply(Wire.CheckpointList(checkpoints: try daemon.store.checkpoints(jobID: id).map(Wire.Checkpoint.init)))
            }
        }
        interface.handle("Metrics", access: .read) { call in
            try await mapped {
                let id = try call.decodeParameters(IDParameters.self).id
                _ = try job(id)
                return VarlinkReply(Wire.MetricList(points: try daemon.store.metrics(jobID: id).map(Wire.MetricPoint.init)))
            }
        }
        interface.handleStreaming("Watch", access: .read) { call, stream in
            try await mapped { try await watch(call, stream) }
        }
        interface.handleStreaming("Events", access: .read, requiresMore: false) { call, stream in
            try await mapped { try await events(call, stream) }
        }
        interface.handle("Track", access: .write) { call in
            try await mapped {
                let parameters = try call.decodeParameters(TrackParameters.self)
                let record = try await daemon.track(jobID: parameters.id, account: parameters.account)
                return VarlinkReply(Wire.JobReply(job: Wire.Job(record)))
            }
        }
        interface.handle("Untrack", access: .write) { call in
            try await mapped {
                let id = try call.decodeParameters(IDParameters.self).id
                _ = try job(id)
                try daemon.store.setTracked(jobID: id, false)
                return VarlinkReply(Wire.JobReply(job: Wire.Job(try job(id))))
            }
        }
        for action in JobAction.allCases {
            interface.handle(action.method, access: .write) { call in
                try await mapped {
                    let id = try call.decodeParameters(IDParameters.self).id
                    return VarlinkReply(Wire.JobReply(job: Wire.Job(try await daemon.perform(action, jobID: id))))
                }
            }
        }
        interface.handleStreaming(
            "Submit", access: .write, requiresMore: false, acceptingDescriptors: SubmitDescriptors.maximum
        ) { call, stream in
            try await mapped { try await SubmitHandler(daemon: daemon).submit(call, stream) }
        }
        SubmissionsMethods(daemon: daemon).install(on: &interface)
        return interface
    }

    private func job(_ id: String) throws -> JobRecord {
        guard let record = try daemon.store.job(id: id) else { throw DaemonError.noSuchJob(id) }
        return record
    }

    private func get(_ call: VarlinkCall) throws -> VarlinkReply {
        let record = try job(call.decodeParameters(IDParameters.self).id)
        var wire = Wire.Job(record, prices: daemon.trainingPrices)
        if let id = record.submissionID { wire.submitted_file = try daemon.store.submission(id: id)?.trainingFilePath }
        return VarlinkReply(Wire.JobReply(job: wire))
    }

    private func list(_ call: VarlinkCall) throws -> VarlinkReply {
        let parameters = try call.decodeParameters(ListParameters.self)
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
        return VarlinkReply(Wire.JobList(jobs: page.jobs.map { Wire.Job($0) }, next_cursor: page.nextCursor?.description))
    }

    /// Replies with each watched job now, then once per change, until every one has ended. While
    /// someone watches, the jobs are polled at the watching interval.
    private func watch(_ call: VarlinkCall, _ stream: VarlinkReplyStream) async throws -> VarlinkReply {
        let parameters = try call.decodeParameters(WatchParameters.self)
        let changes = daemon.feed.subscribe()
        var ids = parameters.ids ?? []
        if ids.isEmpty { ids = try daemon.store.trackedNonTerminalJobs().map(\.id) }
        var current: [String: JobRecord] = [:]
        for id in ids { current[id] = try job(id) }
        let open = Set(current.values.filter { !$0.isTerminal }.map(\.id))
        for id in open { try daemon.store.setWatched(jobID: id, true) }
        daemon.poller?.pollNow()
        defer { for id in open { try? daemon.store.setWatched(jobID: id, false) } }

        let snapshot = ids.compactMap { current[$0] }
        if open.isEmpty {
            for record in snapshot.dropLast() { try await stream.send(Wire.JobReply(job: Wire.Job(record))) }
            return VarlinkReply(Wire.WatchReply(job: snapshot.last.map { Wire.Job($0) }))
        }
        for record in snapshot { try await stream.send(Wire.JobReply(job: Wire.Job(record))) }
        var remaining = open
        for await change in changes where remaining.contains(change.job.id) {
            let record = change.job
            if record.isTerminal {
                remaining.remove(record.id)
                if remaining.isEmpty { return VarlinkReply(Wire.WatchReply(job: Wire.Job(record))) }
            }
            try await stream.send(Wire.JobReply(job: Wire.Job(record)))
        }
        throw CancellationError()
    }

    /// The stored events after `after`; with `more`, then each new event until the job ends.
    private func events(_ call: VarlinkCall, _ stream: VarlinkReplyStream) async throws -> VarlinkReply {
        let parameters = try call.decodeParameters(EventsParameters.self)
        let changes = call.more ? daemon.feed.subscribe() : nil
        let record = try job(parameters.id)
        let limit = min(max(parameters.limit ?? 10_000, 1), 10_000)
        let history = try daemon.store.events(jobID: record.id, afterEventID: parameters.after, limit: limit)
        let reply = Wire.EventsReply(events: history.map(Wire.Event.init), status: record.status.rawValue)
        guard let changes, !record.isTerminal else { return VarlinkReply(reply) }
        try daemon.store.setWatched(jobID: record.id, true)
        defer { try? daemon.store.setWatched(jobID: record.id, false) }
        daemon.poller?.pollNow()
        try await stream.send(reply)
        var seen = Set(history.map(\.id))
        for await change in changes where change.job.id == record.id {
            let fresh = change.newEvents.filter { seen.insert($0.id).inserted }
            let update = Wire.EventsReply(events: fresh.map(Wire.Event.init), status: change.job.status.rawValue)
            if change.job.isTerminal { return VarlinkReply(update) }
            if !fresh.isEmpty { try await stream.send(update) }
        }
        throw CancellationError()
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
