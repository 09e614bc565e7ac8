/// The second schema: what makes a restarted daemon carry on exactly where its predecessor
/// stopped.
///
/// - `account_state`: per account, the time before which no request may be sent (a 429/503
///   pause, wall-clock Unix seconds), and how far the adoption walk (`AdoptAllJobs=`) got: the
///   cursor after the last stored page, the jobs found so far, and whether it reached the end.
/// - `submissions.create_sent_at`: when the last job create was sent (Unix seconds, fractional).
///   A resumed submission waits until any create still in flight has had time to land.
/// - `submissions.duplicate_job_ids`: jobs found carrying the submission's tag beside the one
///   kept, which the daemon cancelled (comma-separated).
/// - `pending_history`: adopted jobs whose events and results have not been fetched yet; the
///   poll loop fetches them in the background, within its per-cycle budget.
let schemaV2 = Migration(
    version: 2,
    sql: """
        CREATE TABLE account_state (
            account TEXT PRIMARY KEY,
            not_before REAL,
            adoption_cursor TEXT,
            adoption_found INTEGER NOT NULL DEFAULT 0,
            adoption_complete INTEGER NOT NULL DEFAULT 0,
            updated_at INTEGER NOT NULL
        );

        ALTER TABLE submissions ADD COLUMN create_sent_at REAL;
        ALTER TABLE submissions ADD COLUMN duplicate_job_ids TEXT;

        CREATE TABLE pending_history (
            job_id TEXT PRIMARY KEY REFERENCES jobs(id) ON DELETE CASCADE,
            account TEXT NOT NULL,
            queued_at INTEGER NOT NULL
        );
        CREATE INDEX pending_history_by_account ON pending_history(account, queued_at);
        """)
