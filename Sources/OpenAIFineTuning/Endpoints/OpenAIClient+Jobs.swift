/// Fine-tuning jobs: create, list, retrieve, cancel, pause, resume.
extension OpenAIClient {
    /// Creates a job. Not retried on ambiguous failures: when the error says
    /// `mayHaveTakenEffect`, look for the job (by a metadata tag) before creating it again.
    public func createJob(
        _ request: CreateFineTuningJobRequest
    ) async throws(OpenAIError)
        -> FineTuningJob
    {
        let api: APIRequest
        do {
            api = try APIRequest.post("/fine_tuning/jobs", json: request, idempotent: false)
        } catch {
            throw OpenAIError(
                kind: .decoding, message: "cannot encode the request: \(error)",
                request: "POST /fine_tuning/jobs")
        }
        return try await send(api, as: FineTuningJob.self)
    }

    /// One page of jobs, newest first. `metadata` filters on `metadata[key]=value` pairs.
    public func listJobs(
        after: String? = nil, limit: Int? = nil, metadata: [String: String] = [:]
    ) async throws(OpenAIError) -> ListPage<FineTuningJob> {
        var query = pagingQuery(after: after, limit: limit)
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            query.append((name: "metadata[\(key)]", value: value))
        }
        return try await send(.get("/fine_tuning/jobs", query: query), as: ListPage<FineTuningJob>.self)
    }

    /// Every job, page by page, newest first; fetched lazily as the sequence is iterated.
    public func allJobs(
        pageSize: Int = 100, metadata: [String: String] = [:]
    )
        -> PagedSequence<FineTuningJob>
    {
        PagedSequence { cursor throws(OpenAIError) in
            try await self.listJobs(after: cursor, limit: pageSize, metadata: metadata)
        }
    }

    public func retrieveJob(_ id: String) async throws(OpenAIError) -> FineTuningJob {
        try await send(.get("/fine_tuning/jobs/\(pathSegment(id))"), as: FineTuningJob.self)
    }

    /// Cancels a job; answers the job with status `cancelled`.
    public func cancelJob(_ id: String) async throws(OpenAIError) -> FineTuningJob {
        try await send(.post("/fine_tuning/jobs/\(pathSegment(id))/cancel"), as: FineTuningJob.self)
    }

    /// Pauses a running job; answers the job with status `paused`.
    public func pauseJob(_ id: String) async throws(OpenAIError) -> FineTuningJob {
        try await send(.post("/fine_tuning/jobs/\(pathSegment(id))/pause"), as: FineTuningJob.self)
    }

    /// Resumes a paused job; answers the job, usually `queued` again.
    public func resumeJob(_ id: String) async throws(OpenAIError) -> FineTuningJob {
        try await send(.post("/fine_tuning/jobs/\(pathSegment(id))/resume"), as: FineTuningJob.self)
    }
}
