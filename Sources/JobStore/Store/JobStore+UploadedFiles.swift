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

    /// Records (or replaces) the file uploaded for a key.
    public func recordUploadedFile(_ record: UploadedFileRecord) throws {
        _ = try write { db in
            try db.execute(
                """
                INSERT INTO uploaded_files (account, sha256, purpose, file_id, bytes, uploaded_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (account, sha256, purpose) DO UPDATE SET
                    file_id = excluded.file_id, bytes = excluded.bytes, uploaded_at = excluded.uploaded_at
                """,
                [record.key.account, record.key.sha256, record.key.purpose, record.fileID, record.bytes,
                 record.uploadedAt])
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
}
