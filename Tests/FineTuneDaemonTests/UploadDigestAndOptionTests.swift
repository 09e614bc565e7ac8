@testable import FineTuneDaemon
import FinetunedTesting
import Foundation
import Testing

/// The streaming digests agree with coreutils whatever the chunking, and the upload keys parse
/// systemd's sizes with file:line errors.
@Suite struct UploadDigestAndOptionTests {
    func coreutils(_ tool: String, _ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/\(tool)")
        process.arguments = [path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        return String(
            String(decoding: pipe.fileHandleForReading.readToEndRetryingInterrupts(), as: UTF8.self).split(
                separator: " ")[0])
    }

    @Test func knownVectors() throws {
        let sha = try LibcryptoDigest(.sha256)
        sha.update(Array("abc".utf8))
        #expect(try sha.hexDigest() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let md5 = try LibcryptoDigest(.md5)
        md5.update(Array("abc".utf8))
        #expect(try md5.hexDigest() == "900150983cd24fb0d6963f7d28e17f72")
        let empty = try LibcryptoDigest(.md5)
        #expect(try empty.hexDigest() == "d41d8cd98f00b204e9800998ecf8427e")
    }

    @Test func aFileHashedInPiecesMatchesSha256sumAndMd5sum() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("digest-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<((3 << 20) + 77)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let digests = try FileDigests.computeNow(path: path, md5: true)
        #expect(digests.bytes == Int64(bytes.count))
        #expect(digests.sha256 == (try coreutils("sha256sum", path)))
        #expect(digests.md5 == (try coreutils("md5sum", path)))
        // Odd splits: pieces that straddle blocks.
        let sha = try LibcryptoDigest(.sha256)
        let md5 = try LibcryptoDigest(.md5)
        var offset = 0
        for size in [1, 63, 65, 1000, 7] + Array(repeating: 4096, count: 10) {
            let end = min(bytes.count, offset + size)
            sha.update(Array(bytes[offset..<end]))
            md5.update(Array(bytes[offset..<end]))
            offset = end
        }
        sha.update(Array(bytes[offset...]))
        md5.update(Array(bytes[offset...]))
        #expect(try sha.hexDigest() == digests.sha256 && md5.hexDigest() == digests.md5)
    }

    func load(_ daemonKeys: String) throws -> DaemonConfiguration { try loadTyped(daemonKeys) }

    func loadTyped(_ daemonKeys: String) throws(ConfigurationError) -> DaemonConfiguration {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("conf-\(UUID().uuidString).conf").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            try "[Daemon]\n\(daemonKeys)\n".write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw ConfigurationError("cannot write \(path): \(error)")
        }
        return try DaemonConfiguration.load(path: path, required: true, environment: [:])
    }

    @Test func uploadSizesParseWithSuffixesAndBadOnesNameTheLine() throws {
        let defaults = try load("")
        #expect(defaults.uploads.multipartThreshold == 512 << 20 && defaults.uploads.partSize == 64 << 20)
        let small = try load("MultipartUploadThreshold=1K\nUploadPartSize=4096")
        #expect(small.uploads.multipartThreshold == 1024 && small.uploads.partSize == 4096)
        for (text, line) in [
            ("UploadPartSize=65M", 2), ("MultipartUploadThreshold=1G", 2), ("UploadPartSize=0", 2),
            ("UploadPartSize=lots", 2),
        ] {
            do throws(ConfigurationError) {
                _ = try loadTyped(text)
                Issue.record("\(text) was accepted")
            } catch {
                let key = String(text.prefix { $0 != "=" })
                #expect(
                    error.description.contains(":\(line):") && error.description.contains(key), "\(error.description)")
            }
        }
    }
}
