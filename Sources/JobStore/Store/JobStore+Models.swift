/// Fine-tuned models and their retirement.
extension JobStore {
    /// Known models, newest first; deleted ones only when asked.
    public func models(includeDeleted: Bool = false) throws -> [ModelRecord] {
        try read { db in
            try db.all(
                """
                SELECT \(ModelColumns.list) FROM models \(includeDeleted ? "" : "WHERE deleted = 0")
                ORDER BY created_at DESC, id DESC
                """, [], ModelColumns.decode)
        }
    }

    /// The model with this id, or nil.
    public func model(id: String) throws -> ModelRecord? {
        try read { db in
            try db.first("SELECT \(ModelColumns.list) FROM models WHERE id = ?", [id], ModelColumns.decode)
        }
    }

    /// Stores a model seen in the models list (insert or update, as `apply` does).
    public func upsertModel(_ model: ModelRecord) throws {
        let time = now()
        try writeTransaction { db in try Self.upsertModel(model, time: time, db: db) }
    }

    /// Models not deleted, not yet warned about, whose `shutdownDate` is on or before `date`
    /// (`YYYY-MM-DD`; ISO dates compare as text).
    public func modelsRetiring(onOrBefore date: String) throws -> [ModelRecord] {
        try read { db in
            try db.all(
                """
                SELECT \(ModelColumns.list) FROM models
                WHERE shutdown_date IS NOT NULL AND shutdown_date <= ? AND deleted = 0
                    AND retirement_warned = 0
                ORDER BY shutdown_date, id
                """, [date], ModelColumns.decode)
        }
    }

    /// Records that the retirement warning for a model was logged. - Throws: `.notFound`.
    public func markRetirementWarned(modelID: String) throws {
        let time = now()
        let changed = try write { db in
            try db.execute("UPDATE models SET retirement_warned = 1, updated_at = ? WHERE id = ?", [time, modelID])
        }
        if changed == 0 { throw JobStoreError.notFound(kind: "model", id: modelID) }
    }
}
