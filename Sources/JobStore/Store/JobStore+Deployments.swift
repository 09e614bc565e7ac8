import CSQLite

/// Deployments (Azure): stored before the PUT that creates them, updated as their provisioning
/// state moves. See `schemaV4`.
extension JobStore {
    /// Stores a new deployment (its `id` is ignored) and returns it with its row id.
    ///
    /// - Throws: `JobStoreError.invalidRecord` when an active deployment of the account already
    ///   has that name, or the job was already deployed on success.
    public func insertDeployment(_ record: DeploymentRecord) throws -> DeploymentRecord {
        do {
            return try writeTransaction { db in
                _ = try db.execute(
                    """
                    INSERT INTO deployments (\(DeploymentColumns.insertList))
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, DeploymentColumns.values(record))
                var stored = record
                stored.id = db.lastInsertRowID
                return stored
            }
        } catch let error as SQLiteError where error.primaryCode == SQLITE_CONSTRAINT {
            throw JobStoreError.invalidRecord(
                record.origin == "deploy_on_success" && error.message.contains("job_id")
                    ? "job \(record.jobID ?? "?") was already deployed on success"
                    : "account \(record.account) already has a deployment named \(record.name)")
        }
    }

    /// Writes every field of a stored deployment. - Throws: `.notFound`.
    @discardableResult
    public func updateDeployment(_ record: DeploymentRecord) throws -> DeploymentRecord {
        let changed = try write { db in
            try db.execute(
                """
                UPDATE deployments SET \(DeploymentColumns.insertNames.map { "\($0) = ?" }.joined(separator: ", "))
                WHERE id = ?
                """, DeploymentColumns.values(record) + [record.id])
        }
        if changed == 0 { throw JobStoreError.notFound(.deployment, id: String(record.id)) }
        return record
    }

    /// Deployments, newest first: only active ones unless `includeEnded`.
    public func deployments(includeEnded: Bool = false) throws -> [DeploymentRecord] {
        try read { db in
            try db.all(
                """
                SELECT \(DeploymentColumns.list) FROM deployments \(includeEnded ? "" : "WHERE ended_at IS NULL")
                ORDER BY created_at DESC, id DESC
                """, [], DeploymentColumns.decode)
        }
    }

    /// The deployment stored under row id `id`, or nil.
    public func deployment(id: Int64) throws -> DeploymentRecord? {
        try read { db in
            try db.first(
                "SELECT \(DeploymentColumns.list) FROM deployments WHERE id = ?", [id], DeploymentColumns.decode)
        }
    }

    /// The active deployment of `account` named `name`, else the newest ended one, else nil.
    public func deployment(account: String, name: String) throws -> DeploymentRecord? {
        try read { db in
            try db.first(
                """
                SELECT \(DeploymentColumns.list) FROM deployments WHERE account = ? AND name = ?
                ORDER BY ended_at IS NULL DESC, id DESC LIMIT 1
                """, [account, name], DeploymentColumns.decode)
        }
    }

    /// Active deployments named `name` in any account.
    public func activeDeployments(named name: String) throws -> [DeploymentRecord] {
        try read { db in
            try db.all(
                "SELECT \(DeploymentColumns.list) FROM deployments WHERE name = ? AND ended_at IS NULL ORDER BY id",
                [name], DeploymentColumns.decode)
        }
    }

    /// The active deployments of `model` in `account`, newest first.
    public func activeDeployments(account: String, model: String) throws -> [DeploymentRecord] {
        try read { db in
            try db.all(
                """
                SELECT \(DeploymentColumns.list) FROM deployments
                WHERE account = ? AND model = ? AND ended_at IS NULL ORDER BY id DESC
                """, [account, model], DeploymentColumns.decode)
        }
    }

    /// Whether a deployment was ever made on success for `jobID` (at most one ever is).
    public func hasDeployedOnSuccess(account: String, jobID: String) throws -> Bool {
        try read { db in
            try db.first(
                "SELECT 1 FROM deployments WHERE account = ? AND job_id = ? AND origin = 'deploy_on_success'",
                [account, jobID]
            ) { _ in true } ?? false
        }
    }

    /// When `DeployOnSuccess=` was first seen for `account`: stored as `now` the first time.
    public func deployOnSuccessSince(account: String, now: Double) throws -> Double {
        try writeTransaction { db in
            if let since = try db.first(
                "SELECT since FROM deploy_on_success WHERE account = ?", [account], { $0.double(0) })
            {
                return since
            }
            _ = try db.execute("INSERT INTO deploy_on_success (account, since) VALUES (?, ?)", [account, now])
            return now
        }
    }

    /// Forgets when `DeployOnSuccess=` was first seen (it was turned off): turning it on again
    /// starts from then.
    public func clearDeployOnSuccess(account: String) throws {
        _ = try write { db in try db.execute("DELETE FROM deploy_on_success WHERE account = ?", [account]) }
    }
}

/// The columns of `deployments`, in the order `decode` reads them.
enum DeploymentColumns {
    static let insertNames = [
        "account", "name", "model", "job_id", "sku", "capacity", "origin", "state", "created_at", "succeeded_at",
        "ended_at", "checked_at", "used_at", "inactivity_warned_at", "lifetime_warned_at", "error", "updated_at",
    ]
    static let insertList = insertNames.joined(separator: ", ")
    static let list = "id, " + insertList

    static func values(_ r: DeploymentRecord) -> [any SQLBindable] {
        let updated =
            [r.createdAt, r.succeededAt, r.endedAt, r.checkedAt, r.usedAt].compactMap { $0 }.max() ?? r.createdAt
        return [
            r.account, r.name, r.model, r.jobID, r.sku, r.capacity, r.origin, r.state, r.createdAt, r.succeededAt,
            r.endedAt, r.checkedAt, r.usedAt, r.inactivityWarnedAt, r.lifetimeWarnedAt, r.error, updated,
        ]
    }

    static func decode(_ row: SQLiteRow) -> DeploymentRecord {
        DeploymentRecord(
            id: row.int64(0), account: row.string(1), name: row.string(2), model: row.string(3),
            jobID: row.optionalString(4), sku: row.string(5), capacity: row.int(6), origin: row.string(7),
            state: row.string(8), createdAt: row.double(9), succeededAt: row.optionalDouble(10),
            endedAt: row.optionalDouble(11), checkedAt: row.optionalDouble(12), usedAt: row.optionalDouble(13),
            inactivityWarnedAt: row.optionalDouble(14), lifetimeWarnedAt: row.optionalDouble(15),
            error: row.optionalString(16))
    }
}
