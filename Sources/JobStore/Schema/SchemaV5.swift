/// The upload schema: files are uploaded once per account and content, and a large upload
/// survives a restart.
///
/// - `uploaded_files`: for each (account, sha256 of the content, purpose), the file id the API
///   gave it. A new submission of the same content reuses that file after checking it still
///   exists. A row is removed when the file is found gone, or deleted as an orphan.
/// - `multipart_uploads`: an Uploads API upload in progress for (account, sha256, purpose): its
///   id, the size and part size it was begun with, the md5 sent on complete, and the API's
///   `created_at` / `expires_at` (Unix seconds). Stored before the first part is sent.
/// - `file_uploads_sent`: a Files API upload sent for (account, sha256, purpose) whose answer has
///   not been stored yet (with the name, size and local send time). A restarted daemon looks for
///   the file such a request may have made before it sends the content again.
/// - `multipart_upload_parts`: each part id, by its number (0-based; part N holds bytes
///   N × part_size ..< (N + 1) × part_size), stored as soon as the API answers for it. Only these
///   ids are ever completed.
///
/// Self-contained: it creates only its own tables.
let schemaV5 = Migration(
    version: 5,
    sql: """
        CREATE TABLE uploaded_files (
            account TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            purpose TEXT NOT NULL,
            file_id TEXT NOT NULL,
            bytes INTEGER NOT NULL,
            uploaded_at REAL NOT NULL,
            PRIMARY KEY (account, sha256, purpose)
        );
        CREATE INDEX uploaded_files_by_file_id ON uploaded_files (file_id);

        CREATE TABLE multipart_uploads (
            upload_id TEXT PRIMARY KEY,
            account TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            purpose TEXT NOT NULL,
            filename TEXT NOT NULL,
            bytes INTEGER NOT NULL,
            part_size INTEGER NOT NULL,
            md5 TEXT NOT NULL,
            created_at REAL NOT NULL,
            expires_at REAL NOT NULL,
            UNIQUE (account, sha256, purpose)
        );

        CREATE TABLE file_uploads_sent (
            account TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            purpose TEXT NOT NULL,
            filename TEXT NOT NULL,
            bytes INTEGER NOT NULL,
            sent_at REAL NOT NULL,
            PRIMARY KEY (account, sha256, purpose)
        );

        CREATE TABLE multipart_upload_parts (
            upload_id TEXT NOT NULL REFERENCES multipart_uploads(upload_id) ON DELETE CASCADE,
            part_number INTEGER NOT NULL,
            part_id TEXT NOT NULL,
            PRIMARY KEY (upload_id, part_number)
        );
        """)
