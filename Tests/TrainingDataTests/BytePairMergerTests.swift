import Testing

@testable import TrainingData

@Suite("Byte-pair merge")
struct BytePairMergerTests {
    /// Token boundaries from a merger.
    func boundaries(_ merger: inout BytePairMerger, _ table: RankTable, _ bytes: [UInt8]) -> [Int] {
        var out: [Int] = []
        bytes.withUnsafeBufferPointer { b in
            _ = merger.merge(table, b.baseAddress!, b.count) { s, _ in out.append(s) }
        }
        return out
    }

    @Test("the heap merge for long pieces gives exactly the scan merge's tokens", arguments: Encoding.allCases)
    func heapEqualsScan(encoding: Encoding) throws {
        let table = try BPEEncoding.load(encoding).table
        var scan = BytePairMerger(heapThreshold: .max)
        var heap = BytePairMerger(heapThreshold: 1)
        var rng = SplitMix(seed: 42)
        let alphabets: [[UInt8]] = [
            Array("abcdefghijklmnopqrstuvwxyz".utf8), Array("aab".utf8), Array("    \n".utf8),
            Array("é東🚀".utf8), Array("0123456789=+/".utf8),
        ]
        for round in 0..<300 {
            let alphabet = alphabets[round % alphabets.count]
            let length = 2 + Int(rng.next() % 600)
            let bytes = (0..<length).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            #expect(boundaries(&scan, table, bytes) == boundaries(&heap, table, bytes))
        }
    }
}

/// A tiny deterministic random generator for reproducible test inputs.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
