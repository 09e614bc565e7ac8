/// Aggregates for the daemon's metrics: a few GROUP BY queries, run before each scrape.
extension JobStore {
    /// How many jobs of each account are in each status (all jobs in the store).
    public func jobCountsByAccountAndStatus() throws -> [(account: String, status: String, count: Int)] {
        try read { db in
            var rows: [(account: String, status: String, count: Int)] = []
            try db.query("SELECT account, status, count(*) FROM jobs GROUP BY account, status") { row in
                rows.append((account: row.string(0), status: row.string(1), count: row.int(2)))
            }
            return rows
        }
    }

    /// Trained tokens of the succeeded jobs, by account and base model.
    public func trainedTokensByAccountAndModel() throws -> [(account: String, baseModel: String, tokens: Int64)] {
        try read { db in
            var rows: [(account: String, baseModel: String, tokens: Int64)] = []
            try db.query(
                """
                SELECT account, model, sum(trained_tokens) FROM jobs
                WHERE status = 'succeeded' AND trained_tokens IS NOT NULL GROUP BY account, model
                """
            ) { row in
                rows.append((account: row.string(0), baseModel: row.string(1), tokens: row.int64(2)))
            }
            return rows
        }
    }
}
