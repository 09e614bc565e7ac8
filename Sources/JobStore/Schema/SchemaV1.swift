/// The first schema: jobs, events, checkpoints, metric points, models, submissions.
///
/// Times are Unix seconds (as the OpenAI API gives them). Boolean columns are 0/1. JSON columns
/// are checked with `json_valid`, so malformed JSON makes the whole transaction fail. A job is
/// terminal when its status is succeeded, failed or cancelled; `terminal` is a generated column
/// so that indexes and filters never disagree with the status.
let schemaV1 = Migration(
    version: 1,
    sql: """
        CREATE TABLE submissions (
            id TEXT PRIMARY KEY,
            account TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN
                ('received','validated','uploading','uploaded','creating','created','failed')),
            training_file_path TEXT NOT NULL,
            validation_file_path TEXT,
            training_file_id TEXT,
            validation_file_id TEXT,
            upload_id TEXT,
            job_id TEXT,
            request_json TEXT NOT NULL CHECK (json_valid(request_json)),
            error TEXT,
            requested_by_uid INTEGER,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE INDEX submissions_by_state ON submissions(state, created_at);

        CREATE TABLE jobs (
            id TEXT PRIMARY KEY,
            account TEXT NOT NULL,
            status TEXT NOT NULL,
            terminal INTEGER GENERATED ALWAYS AS (status IN ('succeeded','failed','cancelled')) STORED,
            model TEXT NOT NULL,
            fine_tuned_model TEXT,
            created_at INTEGER NOT NULL,
            finished_at INTEGER,
            estimated_finish INTEGER,
            trained_tokens INTEGER,
            training_file TEXT,
            validation_file TEXT,
            suffix TEXT,
            error_code TEXT,
            error_message TEXT,
            error_param TEXT,
            raw_json TEXT CHECK (raw_json IS NULL OR json_valid(raw_json)),
            last_event_id TEXT,
            last_polled_at INTEGER,
            tracked INTEGER NOT NULL DEFAULT 1,
            watched INTEGER NOT NULL DEFAULT 0,
            submission_id TEXT REFERENCES submissions(id),
            first_seen_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE INDEX jobs_by_created ON jobs(created_at DESC, id DESC);
        CREATE INDEX jobs_by_status ON jobs(status, created_at DESC, id DESC);
        CREATE INDEX jobs_by_account ON jobs(account, created_at DESC, id DESC);
        CREATE INDEX jobs_active ON jobs(account, status, id) WHERE terminal = 0 AND tracked = 1;
        CREATE INDEX jobs_by_submission ON jobs(submission_id) WHERE submission_id IS NOT NULL;

        CREATE TABLE events (
            seq INTEGER PRIMARY KEY,
            job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
            id TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            level TEXT NOT NULL,
            type TEXT,
            message TEXT NOT NULL,
            data_json TEXT CHECK (data_json IS NULL OR json_valid(data_json)),
            UNIQUE (job_id, id)
        );
        CREATE INDEX events_by_job ON events(job_id, seq);

        CREATE TABLE checkpoints (
            id TEXT PRIMARY KEY,
            job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
            created_at INTEGER NOT NULL,
            fine_tuned_model_checkpoint TEXT NOT NULL,
            step_number INTEGER NOT NULL,
            metrics_json TEXT CHECK (metrics_json IS NULL OR json_valid(metrics_json))
        );
        CREATE INDEX checkpoints_by_job ON checkpoints(job_id, step_number);

        CREATE TABLE metric_points (
            job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
            step INTEGER NOT NULL,
            train_loss REAL,
            train_accuracy REAL,
            valid_loss REAL,
            valid_accuracy REAL,
            full_valid_loss REAL,
            full_valid_accuracy REAL,
            PRIMARY KEY (job_id, step)
        ) WITHOUT ROWID;

        CREATE TABLE models (
            id TEXT PRIMARY KEY,
            job_id TEXT REFERENCES jobs(id) ON DELETE SET NULL,
            account TEXT NOT NULL,
            base_model TEXT,
            created_at INTEGER NOT NULL,
            owned_by TEXT,
            shutdown_date TEXT,
            deleted INTEGER NOT NULL DEFAULT 0,
            retirement_warned INTEGER NOT NULL DEFAULT 0,
            updated_at INTEGER NOT NULL
        );
        CREATE INDEX models_by_job ON models(job_id);
        CREATE INDEX models_by_shutdown ON models(shutdown_date) WHERE shutdown_date IS NOT NULL;
        """)
