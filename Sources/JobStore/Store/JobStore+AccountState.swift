#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Per-account state that must survive a restart: the back-off pause and the adoption walk.
extension JobStore {
    /// The stored state of `account`; an account never seen has the empty state.
    public func accountState(_ account: String) throws -> AccountState {
        try read { db in
            try db.first(
                """
                SELECT not_before, adoption_cursor, adoption_found, adoption_complete
                FROM account_state WHERE account = ?
                """, [account]
            ) { row in
                AccountState(
                    account: account, notBefore: row.optionalDouble(0).map(Date.init(timeIntervalSince1970:)),
                    adoption: AdoptionProgress(
                        cursor: row.optionalString(1), found: Int(row.int64(2)), isComplete: row.bool(3)))
            } ?? AccountState(account: account)
        }
    }

    /// Stores that no request of `account` may be sent before `date`. A later stored date stands.
    public func holdBack(account: String, until date: Date) throws {
        let time = now()
        _ = try write { db in
            try db.execute(
                """
                INSERT INTO account_state (account, not_before, updated_at) VALUES (?, ?, ?)
                ON CONFLICT (account) DO UPDATE SET
                    not_before = MAX(COALESCE(not_before, 0), excluded.not_before),
                    updated_at = excluded.updated_at
                """, [account, date.timeIntervalSince1970, time])
        }
    }

    /// Stores one page of the adoption walk in one transaction: the jobs it found that the store
    /// did not know (tracked, their history queued for the background), and the walk's progress.
    ///
    /// A job the store already holds is left as it is. Returns the ids of the jobs stored new.
    @discardableResult
    public func storeAdoptionPage(
        account: String, jobs: [JobRecord], progress: AdoptionProgress, polledAt: Int64
    )
        throws -> [String]
    {
        for job in jobs { try Self.validate(PollUpdate(job: job, polledAt: polledAt)) }
        let time = now()
        return try writeTransaction { db in
            var stored: [String] = []
            for job in jobs {
                let known = try db.first("SELECT 1 FROM jobs WHERE id = ?", [job.id]) { _ in true } ?? false
                guard !known else { continue }
                var record = job
                record.isTracked = true
                if let submission = record.submissionID,
                    try db.first("SELECT 1 FROM submissions WHERE id = ?", [submission], { _ in true }) == nil
                {
                    record.submissionID = nil  // another daemon's submission: not ours to link
                }
                _ = try Self.write(PollUpdate(job: record, polledAt: polledAt), time: time, db: db)
                try db.execute(
                    "INSERT OR IGNORE INTO pending_history (job_id, account, queued_at) VALUES (?, ?, ?)",
                    [job.id, account, time])
                stored.append(job.id)
            }
            try db.execute(
                """
                INSERT INTO account_state (account, adoption_cursor, adoption_found, adoption_complete, updated_at)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (account) DO UPDATE SET
                    adoption_cursor = excluded.adoption_cursor,
                    adoption_found = excluded.adoption_found,
                    adoption_complete = excluded.adoption_complete,
                    updated_at = excluded.updated_at
                """,
                [account, progress.cursor, progress.found + stored.count, progress.isComplete, time])
            return stored
        }
    }

    /// Adopted jobs of `account` whose history (events, results) is still to be fetched, oldest
    /// queued first, at most `limit`.
    public func jobsPendingHistory(account: String, limit: Int) throws -> [JobRecord] {
        try read { db in
            try db.all(
                """
                SELECT \(JobColumns.qualifiedList)
                FROM pending_history JOIN jobs ON jobs.id = pending_history.job_id
                WHERE pending_history.account = ? ORDER BY pending_history.queued_at, pending_history.job_id LIMIT ?
                """, [account, max(0, limit)], JobColumns.decode)
        }
    }

    /// How many adopted jobs of `account` still wait for their history.
    public func pendingHistoryCount(account: String) throws -> Int {
        try read { db in
            try db.first("SELECT COUNT(*) FROM pending_history WHERE account = ?", [account]) { Int($0.int64(0)) } ?? 0
        }
    }

    /// Stores a fetched history and takes the job off the queue, in one transaction.
    @discardableResult
    public func applyHistory(_ update: PollUpdate) throws -> AppliedUpdate {
        try Self.validate(update)
        let time = now()
        return try writeTransaction { db in
            let applied = try Self.write(update, time: time, db: db)
            try db.execute("DELETE FROM pending_history WHERE job_id = ?", [update.job.id])
            return applied
        }
    }
}
