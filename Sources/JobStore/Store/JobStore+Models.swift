/// Fine-tuned models (their retirement warnings: `JobStore+RetirementWarnings.swift`).
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
}
