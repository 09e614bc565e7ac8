/// The third schema: a submission tells the truth about where it stands between attempts.
///
/// - `submissions.attempts`: how many times the submitter has tried it (each try that ends in a
///   transient failure counts one).
/// - `submissions.last_error`: what the last transient failure was (the API's message); cleared
///   by nothing, so a created submission still shows what it went through.
/// - `submissions.next_attempt_at`: while set on an unfinished submission, it is *waiting*: the
///   daemon tries again at that time (Unix seconds, fractional).
/// - `submissions.cancelled_at`: when a user cancelled it (it is then `failed`, and a job that
///   lands for it later is cancelled by the poll loop).
let schemaV3 = Migration(
    version: 3,
    sql: """
        ALTER TABLE submissions ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE submissions ADD COLUMN last_error TEXT;
        ALTER TABLE submissions ADD COLUMN next_attempt_at REAL;
        ALTER TABLE submissions ADD COLUMN cancelled_at REAL;
        """)
