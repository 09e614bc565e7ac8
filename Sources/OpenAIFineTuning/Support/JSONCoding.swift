import Foundation

/// The coders every request and response goes through. Keys are spelled out in each type's
/// `CodingKeys`, so no key strategy applies; dates stay integers, as the API sends them.
enum JSONCoding {
    static func decoder() -> JSONDecoder { JSONDecoder() }

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
