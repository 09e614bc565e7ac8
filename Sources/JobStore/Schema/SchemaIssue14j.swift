/// What `io.finetuned.Jobs.Get` reads, kept ready so a call does not parse the job's stored API
/// JSON (issue 14j):
///
/// - `submissions_by_job`: the migration that created a job is found by `submissions.job_id`,
///   which had no index (every `Get` scanned the submissions table).
/// - `jobs.method_type` and `jobs.hyperparameters_json`: the job's fine-tuning method and its
///   resolved hyperparameters (JSON object text), derived from `raw_json` by the same rules as
///   the reply (`Wire.Job`): `method.type` when it is a string; the hyperparameters of
///   `method.<type>` when that object has the key (kept only if it is an object), else the
///   top-level `hyperparameters` when it is an object. Triggers keep them in step with every
///   write of `raw_json`; existing rows are filled here.
let schemaIssue14j = Migration(
    version: 8,
    sql: """
        CREATE INDEX submissions_by_job ON submissions(job_id);

        ALTER TABLE jobs ADD COLUMN method_type TEXT;
        ALTER TABLE jobs ADD COLUMN hyperparameters_json TEXT;

        CREATE TRIGGER jobs_derive_on_insert AFTER INSERT ON jobs
        BEGIN
            UPDATE jobs SET \(derivedColumns("NEW.raw_json")) WHERE id = NEW.id;
        END;

        CREATE TRIGGER jobs_derive_on_update AFTER UPDATE OF raw_json ON jobs
        BEGIN
            UPDATE jobs SET \(derivedColumns("NEW.raw_json")) WHERE id = NEW.id;
        END;

        UPDATE jobs SET \(derivedColumns("raw_json")) WHERE raw_json IS NOT NULL;
        """)

/// The SET list computing `method_type` and `hyperparameters_json` from the JSON text `raw`
/// (valid JSON or NULL: the column's CHECK). Every function here returns NULL, never fails, on
/// a shape it does not expect (a non-object document, a `method` that is not an object, …).
private func derivedColumns(_ raw: String) -> String {
    let type = "CASE WHEN json_type(\(raw), '$.method.type') = 'text' THEN json_extract(\(raw), '$.method.type') END"
    // The member of `method` named by its type, when that member is an object.
    let methodBody = """
        (SELECT e.value FROM json_each(\(raw), '$.method') AS e
         WHERE e.key = json_extract(\(raw), '$.method.type') AND e.type = 'object')
        """
    return """
        method_type = \(type),
        hyperparameters_json = CASE
            WHEN json_type(\(raw), '$.method.type') = 'text'
                AND json_type(\(methodBody), '$.hyperparameters') IS NOT NULL
            THEN CASE WHEN json_type(\(methodBody), '$.hyperparameters') = 'object'
                THEN json_extract(\(methodBody), '$.hyperparameters') END
            WHEN json_type(\(raw), '$.hyperparameters') = 'object'
            THEN json_extract(\(raw), '$.hyperparameters')
        END
        """
}
