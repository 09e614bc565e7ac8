/// A job's events, metrics and checkpoints.
extension JobStore {
    /// A job's events in chronological order (the order they were stored, oldest first),
    /// starting after the event with sequence `afterSequence` (0: from the beginning).
    ///
    /// Live followers keep the last `sequence` they got and ask again after it.
    public func events(jobID: String, afterSequence: Int64 = 0, limit: Int = 1000) throws -> [EventRecord] {
        try read { db in
            try db.all(
                "SELECT \(EventColumns.list) FROM events WHERE job_id = ? AND seq > ? ORDER BY seq LIMIT ?",
                [jobID, afterSequence, max(limit, 0)], EventColumns.decode)
        }
    }

    /// A job's events after the one with id `afterEventID` (nil: from the beginning).
    ///
    /// - Throws: `JobStoreError.notFound` when the job has no event with that id.
    public func events(jobID: String, afterEventID: String?, limit: Int = 1000) throws -> [EventRecord] {
        guard let afterEventID else { return try events(jobID: jobID, afterSequence: 0, limit: limit) }
        return try events(
            jobID: jobID, afterSequence: try eventSequence(jobID: jobID, eventID: afterEventID), limit: limit)
    }

    /// The store sequence of the job's event with id `eventID`.
    ///
    /// - Throws: `JobStoreError.notFound` when the job has no event with that id.
    public func eventSequence(jobID: String, eventID: String) throws -> Int64 {
        let sequence = try read { db in
            try db.first("SELECT seq FROM events WHERE job_id = ? AND id = ?", [jobID, eventID]) { $0.int64(0) }
        }
        guard let sequence else { throw JobStoreError.notFound(.event(ofJob: jobID), id: eventID) }
        return sequence
    }

    /// The newest `limit` events of a job, oldest first (for a `tail`).
    public func latestEvents(jobID: String, limit: Int) throws -> [EventRecord] {
        let newestFirst = try read { db in
            try db.all(
                "SELECT \(EventColumns.list) FROM events WHERE job_id = ? ORDER BY seq DESC LIMIT ?",
                [jobID, max(limit, 0)], EventColumns.decode)
        }
        return newestFirst.reversed()
    }

    /// A job's metric points, by step.
    public func metrics(jobID: String) throws -> [MetricPoint] {
        try read { db in
            try db.all(
                "SELECT \(MetricColumns.list) FROM metric_points WHERE job_id = ? ORDER BY step",
                [jobID], MetricColumns.decode)
        }
    }

    /// A job's checkpoints, by step.
    public func checkpoints(jobID: String) throws -> [CheckpointRecord] {
        try read { db in
            try db.all(
                "SELECT \(CheckpointColumns.list) FROM checkpoints WHERE job_id = ? ORDER BY step_number",
                [jobID], CheckpointColumns.decode)
        }
    }
}
