/// The deployments schema (issue 10, Azure): every model deployment finetuned asked Azure's
/// management plane for, and when `DeployOnSuccess=` was first seen per account.
///
/// - `deployments`: one row per deployment *attempt*, written before the PUT is sent, so a crash
///   between the PUT and its answer leaves the row to resume from (the name is the deployment's
///   identity on Azure: the resumed daemon looks it up before it sends anything again).
///   `state` is `Pending` (stored, no answer yet), then Azure's `provisioningState`
///   (`Accepted`, `Creating`, `Succeeded`, `Failed`, …), then `Deleting`/`Deleted` after an
///   undeploy, or `Gone` when Azure removed it on its own. `ended_at` is set when the row stops
///   costing money; a name is in use by at most one row that has not ended.
///   `origin` is `user` or `deploy_on_success`; a job is deployed on success at most once.
/// - `deploy_on_success`: per account, the time `DeployOnSuccess=` was first seen: only jobs
///   that succeed after it are deployed (turning it on does not deploy old models).
let schemaV7 = Migration(
    version: 7,
    sql: """
        CREATE TABLE deployments (
            id INTEGER PRIMARY KEY,
            account TEXT NOT NULL,
            name TEXT NOT NULL,
            model TEXT NOT NULL,
            job_id TEXT,
            sku TEXT NOT NULL,
            capacity INTEGER NOT NULL,
            origin TEXT NOT NULL,
            state TEXT NOT NULL,
            created_at REAL NOT NULL,
            succeeded_at REAL,
            ended_at REAL,
            checked_at REAL,
            used_at REAL,
            inactivity_warned_at REAL,
            lifetime_warned_at REAL,
            error TEXT,
            updated_at REAL NOT NULL
        );
        CREATE UNIQUE INDEX deployments_active_name ON deployments(account, name) WHERE ended_at IS NULL;
        CREATE UNIQUE INDEX deployments_on_success ON deployments(account, job_id) WHERE origin = 'deploy_on_success';
        CREATE INDEX deployments_by_model ON deployments(account, model);

        CREATE TABLE deploy_on_success (
            account TEXT PRIMARY KEY,
            since REAL NOT NULL
        );
        """)
