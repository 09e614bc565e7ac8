/// Uploads API uploads in progress: each step is stored before the next is taken, so a restarted
/// daemon goes on from the next part.
extension JobStore {
    /// The upload in progress for `key`, with its acknowledged parts, if there is one.
    public func multipartUpload(for key: UploadKey) throws -> MultipartUploadRecord? {
        try read { db in
            guard
                var upload = try db.first(
                    """
                    SELECT upload_id, filename, bytes, part_size, md5, created_at, expires_at FROM multipart_uploads
                    WHERE account = ? AND sha256 = ? AND purpose = ?
                    """, [key.account, key.sha256, key.purpose],
                    {
                        MultipartUploadRecord(
                            key: key, uploadID: $0.string(0), filename: $0.string(1), bytes: $0.int64(2),
                            partSize: $0.int64(3), md5: $0.string(4), createdAt: $0.double(5), expiresAt: $0.double(6))
                    })
            else { return nil }
            try db.query(
                "SELECT part_number, part_id FROM multipart_upload_parts WHERE upload_id = ?", [upload.uploadID]
            ) { upload.partIDs[$0.int(0)] = $0.string(1) }
            return upload
        }
    }

    /// Stores a new upload (before its first part is sent), replacing any other upload stored
    /// for the same key.
    public func beginMultipartUpload(_ upload: MultipartUploadRecord) throws {
        _ = try writeTransaction { db in
            try db.execute(
                "DELETE FROM multipart_uploads WHERE account = ? AND sha256 = ? AND purpose = ?",
                [upload.key.account, upload.key.sha256, upload.key.purpose])
            try db.execute(
                """
                INSERT INTO multipart_uploads
                    (upload_id, account, sha256, purpose, filename, bytes, part_size, md5, created_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    upload.uploadID, upload.key.account, upload.key.sha256, upload.key.purpose, upload.filename,
                    upload.bytes, upload.partSize, upload.md5, upload.createdAt, upload.expiresAt,
                ])
            for (number, id) in upload.partIDs {
                try db.execute(
                    "INSERT INTO multipart_upload_parts (upload_id, part_number, part_id) VALUES (?, ?, ?)",
                    [upload.uploadID, number, id])
            }
        }
    }

    /// Records the id the API gave part `number` (replacing an earlier id for that number).
    ///
    /// - Throws: `.notFound` when the upload is no longer stored.
    public func recordUploadPart(uploadID: String, number: Int, partID: String) throws {
        try writeTransaction { db in
            let exists = try db.first("SELECT 1 FROM multipart_uploads WHERE upload_id = ?", [uploadID]) { _ in true }
            guard exists == true else { throw JobStoreError.notFound(.multipartUpload, id: uploadID) }
            try db.execute(
                """
                INSERT INTO multipart_upload_parts (upload_id, part_number, part_id) VALUES (?, ?, ?)
                ON CONFLICT (upload_id, part_number) DO UPDATE SET part_id = excluded.part_id
                """, [uploadID, number, partID])
        }
    }

    /// The upload became a file: in one transaction, the upload is forgotten and the file is
    /// recorded for its key.
    public func finishMultipartUpload(uploadID: String, file: UploadedFileRecord) throws {
        _ = try writeTransaction { db in
            try db.execute("DELETE FROM multipart_uploads WHERE upload_id = ?", [uploadID])
            try db.execute(
                """
                INSERT INTO uploaded_files (account, sha256, purpose, file_id, bytes, uploaded_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (account, sha256, purpose) DO UPDATE SET
                    file_id = excluded.file_id, bytes = excluded.bytes, uploaded_at = excluded.uploaded_at
                """,
                [file.key.account, file.key.sha256, file.key.purpose, file.fileID, file.bytes, file.uploadedAt])
        }
    }

    /// Forgets an upload that expired, was cancelled, or was refused (its parts too).
    public func abandonMultipartUpload(uploadID: String) throws {
        _ = try write { db in try db.execute("DELETE FROM multipart_uploads WHERE upload_id = ?", [uploadID]) }
    }
}
