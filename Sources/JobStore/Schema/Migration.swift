/// One forward-only step of the schema: the SQL that takes version `version - 1` to `version`.
///
/// Migrations are never edited once released and never run backwards. A new schema change is a
/// new `Migration` appended to `Migration.all` with the next version number.
struct Migration: Sendable {
    let version: Int32
    let sql: String

    /// Every migration, in order. `all.last!.version` is the schema version this build writes.
    static let all: [Migration] = [
        schemaV1, schemaV2, schemaV3, schemaV4, schemaV5, schemaV6, schemaV7, schemaIssue14j,
    ]

    /// The newest schema version this build understands.
    static var latestVersion: Int32 { all.last!.version }
}
