/// Why an encoding could not be loaded.
public enum TokenizerError: Error, Equatable, CustomStringConvertible {
    /// The packaged rank file is missing from the bundle.
    case missingRankFile(String)
    /// The rank file could not be decompressed (a damaged stream, or a gzip CRC-32 or length
    /// that does not match) or parsed.
    case corruptRankFile(String)

    public var description: String {
        switch self {
        case .missingRankFile(let name): "rank file \(name) is missing from the TrainingData resources"
        case .corruptRankFile(let detail): "rank file is damaged: \(detail)"
        }
    }
}
