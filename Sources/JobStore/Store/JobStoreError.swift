/// Why the store refused to open or to write. Every message names the file or the record, and
/// says what to do; the store never resets or rewrites a database it cannot trust.
public enum JobStoreError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file exists but is not an SQLite database, or SQLite found it damaged.
    case corrupt(path: String, detail: String)
    /// The database was written by a newer finetuned (its schema version is higher than ours).
    case newerSchema(path: String, found: Int32, supported: Int32)
    /// A valid SQLite database, but not one of ours.
    case foreignDatabase(path: String, detail: String)
    /// The file could not be opened (missing directory, permissions, …).
    case cannotOpen(path: String, detail: String)
    /// An update or record breaks a rule of the store (mismatched job ids, bad transition, …).
    case invalidRecord(String)
    /// No record of that kind with that id.
    case notFound(RecordKind, id: String)

    /// What kind of record was not found (matched by kind, never by text).
    public enum RecordKind: Sendable, Equatable, CustomStringConvertible {
        case job, submission, multipartUpload, deployment
        /// An event of the given job.
        case event(ofJob: String)

        public var description: String {
            switch self {
            case .job: "job"
            case .submission: "submission"
            case .multipartUpload: "multipart upload"
            case .deployment: "deployment"
            case .event(let job): "event of job \(job)"
            }
        }
    }

    public var description: String {
        switch self {
        case .corrupt(let path, let detail):
            return "database \(path) is damaged or not a database (\(detail)); it was left untouched: "
                + "restore a backup, or move it aside to start with an empty one"
        case .newerSchema(let path, let found, let supported):
            return "database \(path) has schema version \(found), but this finetuned understands "
                + "versions up to \(supported): it was written by a newer finetuned. Upgrade "
                + "finetuned, or move the file aside; it was left untouched"
        case .foreignDatabase(let path, let detail):
            return "\(path) is an SQLite database that finetuned did not create (\(detail)); "
                + "it was left untouched: point DatabasePath= at another file"
        case .cannotOpen(let path, let detail):
            return "cannot open database \(path): \(detail)"
        case .invalidRecord(let detail):
            return "invalid record: \(detail)"
        case .notFound(let kind, let id):
            return "no \(kind) with id \(id)"
        }
    }
}
