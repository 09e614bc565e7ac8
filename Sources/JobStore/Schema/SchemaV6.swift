/// The sixth schema: what a submission's files were, by content.
///
/// - `submissions.training_sha256`, `submissions.validation_sha256`: the SHA-256 (64 lowercase
///   hex digits) of the daemon's own copy of each file in its content store, set once the copy
///   is complete and before it is validated; what is validated and uploaded is that copy.
///   NULL until then (and for submissions made before this schema).
let schemaV6 = Migration(
    version: 6,
    sql: """
        ALTER TABLE submissions ADD COLUMN training_sha256 TEXT;
        ALTER TABLE submissions ADD COLUMN validation_sha256 TEXT;
        """)
