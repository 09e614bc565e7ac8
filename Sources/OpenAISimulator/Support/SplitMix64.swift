/// A small, fast, seedable random number generator: the same seed gives the same sequence, so a
/// fault plan replays identically.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

/// A stable 64-bit hash (FNV-1a) for deriving ids and noise from strings, equal across runs.
func stableHash(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
        hash ^= UInt64(byte)
        hash &*= 0x100_0000_01b3
    }
    return hash
}

/// An id of the API's shape: `prefix` then `length` base-62 characters derived from `seed`.
func derivedID(_ prefix: String, _ seed: String, length: Int = 24) -> String {
    let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    var generator = SplitMix64(seed: stableHash(seed))
    var id = prefix
    for _ in 0..<length { id.append(alphabet[Int(generator.next() % 62)]) }
    return id
}

/// A deterministic lower-case hex id body (Azure's ids: `ftjob-` + 32 hex), derived from `seed`.
func derivedHex(_ seed: String, length: Int = 32) -> String {
    var generator = SplitMix64(seed: stableHash(seed))
    return String((0..<length).map { _ in Array("0123456789abcdef")[Int(generator.next() % 16)] })
}
