/// Uploaded files by content: what lets the same data be uploaded once per account.
extension JobStore {
    /// The file last uploaded for `key`, if one is recorded.
    public func uploadedFile(for key: UploadKey) throws -> UploadedFileRecord? {
        try read { db in
            try db.first(
                "SELECT file_id, bytes, uploaded_at FROM uploaded_files WHERE account = ? AND sha256 = ? AND purpose = ?",
                [key.account, key.sha256, key.purpose]
            ) { UploadedFileRecord(key: key, fileID: $0.string(0), bytes: $0.int64(1), uploadedAt: $0.double(2)) }
        }
    }

    /// Records (or replaces) the file uploaded for a key, and forgets the Files API upload sent
    /// for it (one transaction).
    public func recordUploadedFile(_ record: UploadedFileRecord) throws {
        _ = try writeTransaction { db in
            try db.execute(
                "DELETE FROM file_uploads_sent WHERE account = ? AND sha256 = ? AND purpose = ?",
                [record.key.account, record.key.sha256, record.key.purpose])
            try db.execute(
                """
                INSERT INTO uploaded_files (account, sha256, purpose, file_id, bytes, uploaded_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (account, sha256, purpose) DO UPDATE SET
                    file_id = excluded.file_id, bytes = excluded.bytes, uploaded_at = excluded.uploaded_at
                """,
                [
                    record.key.account, record.key.sha256, record.key.purpose, record.fileID, record.bytes,
                    record.uploadedAt,
                ])
        }
    }

    /// Forgets the file `fileID` (it is gone, deleted or unusable): it is never offered for reuse
    /// again. Unknown ids are ignored.
    public func forgetUploadedFile(_ fileID: String) throws {
        _ = try write { db in try db.execute("DELETE FROM uploaded_files WHERE file_id = ?", [fileID]) }
    }

    /// The key under which `fileID` is recorded, if it is.
    public func uploadKey(ofFile fileID: String) throws -> UploadKey? {
        try read { db in
            try db.first("SELECT account, sha256, purpose FROM uploaded_files WHERE file_id = ?", [fileID]) {
                UploadKey(account: $0.string(0), sha256: $0.string(1), purpose: $0.string(2))
            }
        }
    }

    /// Records that a Files API upload of `key`'s content, named `filename`, is being sent now
    /// (before it is sent).
    public func recordFileUploadSent(_ key: UploadKey, filename: String, bytes: Int64, sentAt: Double) throws {
        _ = try write { db in
            try db.execute(
                """
                INSERT INTO file_uploads_sent (account, sha256, purpose, filename, bytes, sent_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (account, sha256, purpose) DO UPDATE SET
                    filename = excluded.filename, bytes = excluded.bytes, sent_at = excluded.sent_at
                """, [key.account, key.sha256, key.purpose, filename, bytes, sentAt])
        }
    }

    /// The Files API upload sent for `key` whose answer was never stored: its name, size and
    /// send time (Unix seconds, this host's clock).
    public func fileUploadSent(for key: UploadKey) throws -> (filename: String, bytes: Int64, sentAt: Double)? {
        try read { db in
            try db.first(
                "SELECT filename, bytes, sent_at FROM file_uploads_sent WHERE account = ? AND sha256 = ? AND purpose = ?",
                [key.account, key.sha256, key.purpose]
            ) { (filename: $0.string(0), bytes: $0.int64(1), sentAt: $0.double(2)) }
        }
    }
}
