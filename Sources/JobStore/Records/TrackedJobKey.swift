/// A tracked unfinished job as a poll cycle's list walk holds it: its row in the store and its
/// creation time, 16 bytes, no strings. A cycle over 100,000 running jobs holds 1.6 MB of these
/// instead of a dictionary of every job's `JobPollState` (about 46 MB at that size, the table
/// rounded up to 262,144 slots), and reads the poll states of one list page at a time
/// (`trackedNonTerminalPollStates(ids:account:)`).
///
/// A row id is stable while the row exists (the store never runs `VACUUM`); a cycle uses it only
/// within itself.
public struct TrackedJobKey: Sendable, Equatable {
    public var rowID: Int64
    public var createdAt: Int64

    public init(rowID: Int64, createdAt: Int64) {
        self.rowID = rowID
        self.createdAt = createdAt
    }
}
