/// Finding the jobs that carry one metadata tag, on any service.
extension OpenAIClient {
    /// The jobs whose `metadata[key]` is exactly `value`, newest first.
    ///
    /// OpenAI filters on the server (`metadata[key]=value`). Azure's job list has no metadata
    /// filter, and a service that ignores an unknown query would answer every job: so on Azure
    /// the list is paged through newest first, and matched here, until the jobs are older than
    /// `createdSince` (Unix seconds: a tagged job cannot be older than the tag's owner). Every
    /// answer is matched here too, whatever the service, so a job without the tag never counts.
    public func jobs(
        taggedWith key: String, value: String, createdSince: Int = 0, pageSize: Int = 100
    )
        async throws(OpenAIError) -> [FineTuningJob]
    {
        guard account.authStyle.isAzure else {
            return try await listJobs(limit: pageSize, metadata: [key: value]).data
                .filter { $0.metadata?[key] == value }
        }
        var found: [FineTuningJob] = []
        var cursor: String?
        while true {
            let page = try await listJobs(after: cursor, limit: pageSize)
            found += page.data.filter { $0.metadata?[key] == value }
            let reachedOlder = page.data.contains { $0.createdAt < createdSince }
            guard page.hasMore, !reachedOlder, let last = page.data.last else { return found }
            cursor = last.id
        }
    }
}
