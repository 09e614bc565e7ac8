/// The fourth schema: retirement warnings given, and jobs migrated to another account.
///
/// - `retirement_warnings`: one row per warning logged (model, which end — `shutdown` or
///   `fine_tune` —, the window in days, the end date it was about), so a restart does not repeat
///   it; a date that moves makes new rows.
/// - `job_migrations`: a migration is a submission on the target account (exactly-once like any
///   submit) plus this row linking it to the job it re-submits. The new job is the submission's
///   `job_id` once created, so `migrated_to` / `migrated_from` are read through `submissions`.
let schemaV4 = Migration(
    version: 4,
    sql: """
        CREATE TABLE retirement_warnings (
            model_id TEXT NOT NULL,
            ends TEXT NOT NULL,
            threshold_days INTEGER NOT NULL,
            end_date TEXT NOT NULL,
            warned_at INTEGER NOT NULL,
            PRIMARY KEY (model_id, ends, threshold_days, end_date)
        );
        CREATE TABLE job_migrations (
            submission_id TEXT PRIMARY KEY REFERENCES submissions(id),
            source_job_id TEXT NOT NULL,
            target_account TEXT NOT NULL,
            created_at INTEGER NOT NULL
        );
        CREATE INDEX job_migrations_by_source ON job_migrations(source_job_id);
        """)
