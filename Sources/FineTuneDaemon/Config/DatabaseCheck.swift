import JobStore

/// `finetuned --check-database`: the full integrity check of the configured database, on
/// request, read-only, beside a running daemon or not. The daemon itself reads every page at
/// start only after a stop that was not clean (`IntegrityCheck.afterUncleanStop`).
public enum DatabaseCheck {
    /// The lines to print and the exit status: 0 sound, 65 (EX_DATAERR) damaged, foreign or
    /// newer, 66 (EX_NOINPUT) missing or unreadable, 78 (EX_CONFIG) a configuration error.
    public struct Outcome: Sendable {
        public var lines: [String]
        public var exitStatus: Int32
    }

    public static func run(configPath: String, required: Bool, environment: [String: String]) -> Outcome {
        let configuration: DaemonConfiguration
        do {
            configuration = try DaemonConfiguration.load(path: configPath, required: required, environment: environment)
        } catch {
            return Outcome(lines: ["\(error)"], exitStatus: 78)
        }
        let path = configuration.databasePath
        do {
            let found = try JobStore.verify(path: path)
            if found.isSound {
                return Outcome(
                    lines: ["database \(path): sound (integrity_check ok, schema v\(found.schemaVersion))"],
                    exitStatus: 0)
            }
            return Outcome(
                lines: ["database \(path): damaged:"] + found.problems.map { "  \($0)" }
                    + [
                        "restore it from a backup, or move it aside: the daemon then starts with an empty one and adopts the account's jobs again"
                    ],
                exitStatus: 65)
        } catch JobStoreError.cannotOpen(let path, let detail) {
            return Outcome(lines: ["database \(path): cannot be read: \(detail)"], exitStatus: 66)
        } catch {
            return Outcome(lines: ["database \(path): \(error)"], exitStatus: 65)
        }
    }
}
