import Foundation
import ControlProtocol

/// Prints values as JSON Lines: one compact object per line, written at once, for streams
/// (`watch --json`, `events --follow --json`) that a script reads as they come.
enum JSONLines {
    static func print(_ value: JSONValue) {
        StandardStreams.out(value.compactText + "\n")
    }
}
