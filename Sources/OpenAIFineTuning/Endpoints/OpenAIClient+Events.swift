/// Job events and checkpoints.
extension OpenAIClient {
    /// One page of a job's events, newest first; `after` is an event id, and the page holds the
    /// events older than it.
    public func listEvents(
        jobID: String, after: String? = nil, limit: Int? = nil
    )
        async throws(OpenAIError) -> ListPage<FineTuningJobEvent>
    {
        let query = pagingQuery(after: after, limit: limit)
        return try await send(
            .get("/fine_tuning/jobs/\(pathSegment(jobID))/events", query: query),
            as: ListPage<FineTuningJobEvent>.self)
    }

    /// Every event of a job, newest first, fetched lazily.
    public func allEvents(jobID: String, pageSize: Int = 100) -> PagedSequence<FineTuningJobEvent> {
        PagedSequence { cursor throws(OpenAIError) in
            try await self.listEvents(jobID: jobID, after: cursor, limit: pageSize)
        }
    }

    /// The events newer than `lastSeenID`, oldest first: walks the newest-first list until it
    /// meets `lastSeenID`, so a poll fetches only what is new. With no `lastSeenID`, the whole log.
    public func newEvents(
        jobID: String, after lastSeenID: String?, pageSize: Int = 100
    )
        async throws(OpenAIError) -> [FineTuningJobEvent]
    {
        var collected: [FineTuningJobEvent] = []
        var cursor: String? = nil
        pages: while true {
            let page = try await listEvents(jobID: jobID, after: cursor, limit: pageSize)
            for event in page.data {
                if event.id == lastSeenID { break pages }
                collected.append(event)
            }
            guard let next = page.nextCursor else { break }
            cursor = next
        }
        return collected.reversed()
    }

    /// One page of a job's checkpoints, by descending step.
    public func listCheckpoints(
        jobID: String, after: String? = nil, limit: Int? = nil
    )
        async throws(OpenAIError) -> ListPage<FineTuningCheckpoint>
    {
        let query = pagingQuery(after: after, limit: limit)
        return try await send(
            .get("/fine_tuning/jobs/\(pathSegment(jobID))/checkpoints", query: query),
            as: ListPage<FineTuningCheckpoint>.self)
    }

    /// Every checkpoint of a job, fetched lazily.
    public func allCheckpoints(
        jobID: String, pageSize: Int = 100
    )
        -> PagedSequence<FineTuningCheckpoint>
    {
        PagedSequence { cursor throws(OpenAIError) in
            try await self.listCheckpoints(jobID: jobID, after: cursor, limit: pageSize)
        }
    }
}
