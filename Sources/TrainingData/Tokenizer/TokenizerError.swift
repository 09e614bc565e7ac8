/// Why an encoding could not be loaded.
public enum TokenizerError: Error, Equatable, CustomStringConvertible {
    /// The packaged rank file is missing from the bundle.
    case missingRankFile(String)
    /// The rank file could not be decompressed or parsed.
    case corruptRankFile(String)
    /// The uncompressed rank file's SHA-256 differs from the shipped SHA256SUMS.
    case checksumMismatch(file: String, expected: String, actual: String)

    public var description: String {
        switch self {
        case .missingRankFile(let name): "rank file \(name) is missing from the TrainingData resources"
        case .corruptRankFile(let detail): "rank file is damaged: \(detail)"
        case .checksumMismatch(let file, let expected, let actual):
            "rank file \(file) has sha256 \(actual), expected \(expected)"
        }
    }
}
