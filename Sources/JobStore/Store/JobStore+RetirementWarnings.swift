/// Retirement warnings already given.
extension JobStore {
    /// Every warning given so far.
    public func retirementWarnings() throws -> [RetirementWarningRecord] {
        try read { db in
            try db.all("SELECT model_id, ends, threshold_days, end_date FROM retirement_warnings", []) { row in
                RetirementWarningRecord(
                    modelID: row.string(0), ends: row.string(1),
                    thresholdDays: Int(row.int64(2)), endDate: row.string(3))
            }
        }
    }

    /// Records that a warning was logged (again is harmless).
    public func recordRetirementWarning(_ warning: RetirementWarningRecord) throws {
        let time = now()
        _ = try write { db in
            try db.execute(
                """
                INSERT OR IGNORE INTO retirement_warnings (model_id, ends, threshold_days, end_date, warned_at)
                VALUES (?, ?, ?, ?, ?)
                """, [warning.modelID, warning.ends, Int64(warning.thresholdDays), warning.endDate, time])
        }
    }
}
