@testable import FineTuneDaemon
import Foundation
import Testing

/// The content store: complete copies under their sha256 or nothing, a full disk a clear error,
/// and the retention policy.
@Suite struct ContentStoreTests {
    private func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cs-\(UUID().uuidString.prefix(8))")
            .path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private func source(_ text: String, in directory: String) throws -> ContentSource {
        let path = directory + "/source-\(UUID().uuidString.prefix(6))"
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return try ContentSource.open(path: path)
    }

    @Test func aCopyLiesUnderItsSHA256AndKeepingItAgainReusesIt() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = ContentStore(directory: directory + "/content")
        let kept = try store.keep(try source("abc", in: directory))
        // FIPS 180-2's example: sha256("abc").
        #expect(kept.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(kept.size == 3)
        #expect(kept.path == directory + "/content/sha256/ba/" + kept.sha256)
        #expect(store.path(forSHA256: kept.sha256) == kept.path)
        #expect(try String(contentsOfFile: kept.path, encoding: .utf8) == "abc")
        #expect(try store.keep(try source("abc", in: directory)) == kept)
        #expect(store.entries().count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/content/tmp").isEmpty)
        #expect(store.path(forSHA256: String(repeating: "0", count: 64)) == nil)
        #expect(store.path(forSHA256: "../../etc/passwd") == nil)
    }

    @Test func directoriesPipesAndWriteOnlyFilesAreRefusedWithoutReading() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(throws: ContentStoreError.notARegularFile(kind: "a directory")) {
            try ContentSource(descriptor: open(directory, O_RDONLY | O_DIRECTORY), name: "d").check()
        }
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        close(ends[1])
        #expect(throws: ContentStoreError.notARegularFile(kind: "a pipe")) {
            try ContentSource(descriptor: ends[0], name: "p").check()
        }
        let file = directory + "/w"
        _ = FileManager.default.createFile(atPath: file, contents: Data())
        #expect(throws: ContentStoreError.unreadable(reason: "opened for writing only")) {
            try ContentSource(descriptor: open(file, O_WRONLY), name: "w").check()
        }
    }

    /// A full disk (a 1 MiB tmpfs; needs root to mount it) is a clear error and leaves nothing.
    @Test(.enabled(if: geteuid() == 0)) func aFullDiskIsAClearErrorAndLeavesNoPartialFile() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let mountPoint = directory + "/small"
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        try #require(run("/bin/mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", mountPoint]) == 0)
        defer { _ = run("/bin/umount", [mountPoint]) }
        let store = ContentStore(directory: mountPoint + "/content")
        let big = String(repeating: "x", count: 3 << 20)
        #expect {
            try store.keep(try source(big, in: directory))
        } throws: { error in
            guard case .noSpace(let where_, _)? = error as? ContentStoreError else { return false }
            return where_ == mountPoint + "/content"
                && (error as? ContentStoreError)?.description.contains("nothing was kept") == true
        }
        #expect(store.entries().isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: mountPoint + "/content/tmp").isEmpty)
    }

    @Test func retentionEvictsOldThenLeastRecentlyUsedButNeverPendingOrFresh() {
        func entry(_ name: Character, size: Int64, age: Double) -> ContentRetention.Entry {
            .init(sha256: String(repeating: name, count: 64), size: size, lastUsed: 10_000 - age)
        }
        let entries = [
            entry("a", size: 100, age: 5000), entry("b", size: 100, age: 4000), entry("c", size: 100, age: 3000),
            entry("d", size: 100, age: 2000), entry("e", size: 100, age: 10),
        ]
        let name: (Character) -> String = { String(repeating: $0, count: 64) }
        // "a" is older than the retention but pending; "b" is old; then the cap takes "c" and "d"
        // (least recently used first) until the rest fits; "e" is fresh.
        let policy = ContentRetention(retention: .seconds(3500), maximumSize: 250)
        #expect(policy.evictions(of: entries, pending: [name("a")], now: 10_000) == [name("b"), name("c"), name("d")])
        let unbounded = ContentRetention(retention: nil, maximumSize: nil)
        #expect(unbounded.evictions(of: entries, pending: [], now: 10_000).isEmpty)
        let zero = ContentRetention(retention: .zero, maximumSize: nil)
        #expect(
            zero.evictions(of: entries, pending: [], now: 10_000) == ["a", "b", "c", "d"].map { name(Character($0)) })
    }

    @Test func theContentKeysAreReadAndABadValueNamesFileLineAndKey() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/finetuned.conf"
        try "[Daemon]\nContentRetention=12h\nContentMaxSize=512M\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        let configuration = try DaemonConfiguration.load(path: path, required: true, environment: [:])
        #expect(configuration.contentRetention == ContentRetention(retention: .seconds(43_200), maximumSize: 512 << 20))
        try "[Daemon]\nContentRetention=infinity\nContentMaxSize=infinity\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        #expect(
            try DaemonConfiguration.load(path: path, required: true, environment: [:]).contentRetention
                == ContentRetention(retention: nil, maximumSize: nil))
        try "[Daemon]\n\nContentMaxSize=lots\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            try DaemonConfiguration.load(path: path, required: true, environment: [:])
        } throws: { error in
            let text = "\(error)"
            return text.contains("\(path):3") && text.contains("ContentMaxSize") && text.contains("not a size")
        }
    }

    private func run(_ tool: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        do {
            try process.run()
        } catch {
            return -1
        }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
