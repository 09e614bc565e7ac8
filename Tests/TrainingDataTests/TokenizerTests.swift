import Foundation
import Testing

@testable import TrainingData

struct VectorFile: Decodable {
    struct Vector: Decodable {
        let text: String
        let tokens: [Int]
    }
    let vectors: [String: [Vector]]
}

@Suite("Tokenizer equals tiktoken")
struct TokenizerTests {
    /// The committed vectors, or a larger file named by `TOKENIZER_VECTORS` (same format, e.g.
    /// from `make_vectors.py --fuzz 20000 --out /tmp/fuzz.json`) for an occasional deeper check.
    static let vectors: VectorFile = {
        let override = ProcessInfo.processInfo.environment["TOKENIZER_VECTORS"]
        let data =
            try! override.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
            ?? Fixtures.data("tokenizer_vectors.json")
        return try! JSONDecoder().decode(VectorFile.self, from: data)
    }()

    @Test("token ids equal tiktoken's on every committed vector", arguments: Encoding.allCases)
    func tokenIDsMatch(encoding: Encoding) throws {
        let tokenizer = try Tokenizer(encoding: encoding)
        let vectors = try #require(Self.vectors.vectors[encoding.rawValue])
        #expect(vectors.count > 400)
        var mismatches = 0
        for vector in vectors {
            let ids = tokenizer.encode(vector.text)
            if ids != vector.tokens {
                mismatches += 1
                Issue.record(
                    "\(encoding.rawValue) \(vector.text.debugDescription): got \(ids), tiktoken \(vector.tokens); pieces \(tokenizer.pieces(vector.text))"
                )
            }
            #expect(tokenizer.count(vector.text) == vector.tokens.count)
        }
        #expect(mismatches == 0)
    }

    @Test("counts agree with tiktoken after the piece cache is warm")
    func warmCacheCounts() throws {
        let tokenizer = try Tokenizer(encoding: .o200kBase)
        let vectors = try #require(Self.vectors.vectors["o200k_base"])
        for _ in 0..<3 {
            for vector in vectors { #expect(tokenizer.count(vector.text) == vector.tokens.count) }
        }
    }

    @Test("model names map to tiktoken's encodings")
    func modelTable() {
        #expect(Encoding.forModel("gpt-4o-mini-2024-07-18") == .o200kBase)
        #expect(Encoding.forModel("gpt-4.1-nano-2025-04-14") == .o200kBase)
        #expect(Encoding.forModel("ft:gpt-4o-mini-2024-07-18:acme::abc123") == .o200kBase)
        #expect(Encoding.forModel("gpt-3.5-turbo-0125") == .cl100kBase)
        #expect(Encoding.forModel("gpt-4-0613") == .cl100kBase)
        #expect(Encoding.forModel("davinci-002") == .cl100kBase)
        #expect(Encoding.forModel("o4-mini-2025-04-16") == .o200kBase)
        #expect(Encoding.forModel("llama-3") == nil)
    }

    @Test("the shipped rank files load and pass their gzip check")
    func rankFilesVerify() throws {
        for encoding in Encoding.allCases {
            let loaded = try BPEEncoding.load(encoding)
            #expect(loaded.table.count > 100_000)
        }
    }

    /// gzip of "a rank file\n"; its last 8 bytes are the CRC-32 and the length.
    static let smallGzip: [UInt8] = [
        0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x4b, 0x54, 0x28, 0x4a, 0xcc, 0xcb,
        0x56, 0x48, 0xcb, 0xcc, 0x49, 0xe5, 0x02, 0x00, 0xe1, 0x78, 0xa8, 0x55, 0x0c, 0x00, 0x00, 0x00,
    ]

    @Test("a rank file whose bytes no longer match the gzip CRC-32 or length is refused")
    func gzipTrailerIsChecked() throws {
        #expect(try Gunzip.decompress(Self.smallGzip, name: "x") == Array("a rank file\n".utf8))
        for index in [Self.smallGzip.count - 8, Self.smallGzip.count - 1] {
            var damaged = Self.smallGzip
            damaged[index] ^= 0x01
            #expect(throws: TokenizerError.self) { try Gunzip.decompress(damaged, name: "x") }
        }
    }

    @Test("a corrupt gzip stream is an error, not a crash")
    func corruptGzip() {
        #expect(throws: TokenizerError.self) { try Gunzip.decompress([0x1f, 0x8b, 8, 0, 1, 2, 3], name: "x") }
    }
}
