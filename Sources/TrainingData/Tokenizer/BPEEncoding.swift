#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import InstalledResources
import Synchronization

/// A loaded encoding: the verified rank table, shared read-only by every ``Tokenizer``.
public final class BPEEncoding: Sendable {
    public let encoding: Encoding
    let table: RankTable

    private init(encoding: Encoding, table: RankTable) {
        self.encoding = encoding
        self.table = table
    }

    private static let loaded = Mutex<[Encoding: BPEEncoding]>([:])

    /// Loads (once per process) the encoding's packaged rank file: gunzips it (zlib checks the
    /// gzip trailer's CRC-32 and length, so a damaged file is refused) and indexes it (~0.2 s).
    /// Throws ``TokenizerError`` when the resource is missing, damaged or does not match.
    public static func load(_ encoding: Encoding) throws -> BPEEncoding {
        if let cached = loaded.withLock({ $0[encoding] }) { return cached }
        let built = try build(encoding)
        return loaded.withLock { cache in
            if let existing = cache[encoding] { return existing }
            cache[encoding] = built
            return built
        }
    }

    /// Forgets the loaded encodings (o200k_base's index is about 7 MB), so a long-running process
    /// holds one only while it tokenizes: a ``Tokenizer`` still using one keeps it until it ends,
    /// and the next `load` builds it again (~0.2 s). The daemon calls this when a validation
    /// ends (issue 14: memory back within 10 MiB of idle after a submit).
    public static func unloadAll() {
        loaded.withLock { $0.removeAll() }
    }

    private static func build(_ encoding: Encoding) throws -> BPEEncoding {
        let name = encoding.rankFileName
        let directory: URL
        do {
            directory = try ResourceDirectory.locate(
                bundle: "finetuned_TrainingDataResources.resources", subdirectory: "tiktoken",
                sourceDirectory: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                    .appendingPathComponent("../../TrainingDataResources").standardizedFileURL.path)
        } catch {
            throw TokenizerError.missingRankFile("\(name): \(error)")
        }
        let gz = directory.appendingPathComponent(name + ".gz")
        let compressed: [UInt8]
        do {
            compressed = [UInt8](try Data(contentsOf: gz))
        } catch {
            throw TokenizerError.missingRankFile("\(name): \(error)")
        }
        let raw = try Gunzip.decompress(compressed, name: name)
        return BPEEncoding(encoding: encoding, table: try RankTable(rankFile: raw, name: name))
    }
}
