import FoundationEssentials
import NIOCore

/// The coders every request and response goes through. Keys are spelled out in each type's
/// `CodingKeys`, so no key strategy applies; dates stay integers, as the API sends them.
enum JSONCoding {
    static func decoder() -> JSONDecoder { JSONDecoder() }

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Decodes `T` from the readable bytes of `buffer`.
    static func decode<T: Decodable>(_ type: T.Type, from buffer: ByteBuffer) throws -> T {
        try decoder().decode(T.self, from: Data(buffer.readableBytesView))
    }
}
