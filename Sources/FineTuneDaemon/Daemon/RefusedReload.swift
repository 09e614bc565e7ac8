import FoundationEssentials

/// A reload (SIGHUP) whose configuration was refused: the daemon keeps running the previous
/// one. `message` names the file and line (and key) that stopped it.
struct RefusedReload: Sendable, Equatable {
    var message: String
    var at: Date
}
