import Foundation

/// Prints a Codable value as pretty, key-sorted JSON on standard output (for `--json`).
enum JSONOutput {
    static func print<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        StandardStreams.out(String(decoding: data, as: UTF8.self) + "\n")
    }
}
