import Foundation
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

    /// Loads (once per process) the encoding's packaged rank file: gunzips it, checks the sha256
    /// of the uncompressed bytes against the packaged SHA256SUMS, and indexes it (~0.2 s).
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

    private static func build(_ encoding: Encoding) throws -> BPEEncoding {
        let name = encoding.rankFileName
        let directory: URL
        do {
            directory = try ResourceDirectory.locate(
                bundle: "finetuned_TrainingData.resources", subdirectory: "tiktoken",
                sourceDirectory: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                    .appendingPathComponent("../Resources").standardizedFileURL.path)
        } catch {
            throw TokenizerError.missingRankFile("\(name): \(error)")
        }
        let gz = directory.appendingPathComponent(name + ".gz")
        let sums = directory.appendingPathComponent("SHA256SUMS")
        let compressed: [UInt8]
        let sumsText: String
        do {
            compressed = [UInt8](try Data(contentsOf: gz))
            sumsText = try String(contentsOf: sums, encoding: .utf8)
        } catch {
            throw TokenizerError.missingRankFile("\(name): \(error)")
        }
        let raw = try Gunzip.decompress(compressed, name: name)
        let expected = sumsText.split(separator: "\n").compactMap { line -> String? in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            return fields.count == 2 && fields[1] == name ? String(fields[0]) : nil
        }.first
        guard let expected else { throw TokenizerError.corruptRankFile("\(name) is not listed in SHA256SUMS") }
        let actual = SHA256.hexDigest(of: raw)
        guard actual == expected else { throw TokenizerError.checksumMismatch(file: name, expected: expected, actual: actual) }
        return BPEEncoding(encoding: encoding, table: try RankTable(rankFile: raw, name: name))
    }
}
