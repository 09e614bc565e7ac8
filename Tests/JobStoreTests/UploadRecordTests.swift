import Foundation
@testable import JobStore
import Testing

/// The upload tables: files by content for reuse, and multi-part uploads stored part by part.
@Suite struct UploadRecordTests {
    let key = UploadKey(account: "a", sha256: String(repeating: "ab", count: 32), purpose: "fine-tune")

    @Test func aFileIsRecordedByContentForgottenByIdAndFoundByIdsKey() throws {
        let dir = try TemporaryDirectory()
        let store = try JobStore.open(path: dir.databasePath)
        #expect(try store.uploadedFile(for: key) == nil)
        try store.recordUploadedFile(UploadedFileRecord(key: key, fileID: "file-1", bytes: 10, uploadedAt: 5))
        try store.recordUploadedFile(UploadedFileRecord(key: key, fileID: "file-2", bytes: 10, uploadedAt: 6))
        #expect(try store.uploadedFile(for: key)?.fileID == "file-2", "a key holds the latest file")
        var other = key
        other.account = "b"
        #expect(try store.uploadedFile(for: other) == nil, "another account does not share it")
        #expect(try store.uploadKey(ofFile: "file-2") == key)
        try store.forgetUploadedFile("file-2")
        #expect(try store.uploadedFile(for: key) == nil)
    }

    @Test func anUploadIsStoredPartByPartAndBecomesAFileInOneStep() throws {
        let dir = try TemporaryDirectory()
        let store = try JobStore.open(path: dir.databasePath)
        let upload = MultipartUploadRecord(
            key: key, uploadID: "upload_1", filename: "t.jsonl", bytes: 10, partSize: 4, md5: "m",
            createdAt: 100, expiresAt: 3700)
        try store.beginMultipartUpload(upload)
        try store.recordUploadPart(uploadID: "upload_1", number: 1, partID: "part_b")
        try store.recordUploadPart(uploadID: "upload_1", number: 0, partID: "part_a")
        let stored = try #require(try store.multipartUpload(for: key))
        #expect(stored.partIDs == [0: "part_a", 1: "part_b"] && stored.partCount == 3)
        #expect(stored.nextPart == 2 && stored.orderedPartIDs == nil)
        #expect(stored.range(ofPart: 2) == 8..<10)

        try store.finishMultipartUpload(
            uploadID: "upload_1", file: UploadedFileRecord(key: key, fileID: "file-9", bytes: 10, uploadedAt: 200))
        #expect(try store.multipartUpload(for: key) == nil)
        #expect(try store.uploadedFile(for: key)?.fileID == "file-9")
        #expect(throws: JobStoreError.self) { try store.recordUploadPart(uploadID: "upload_1", number: 2, partID: "p") }
    }

    @Test func aNewUploadForAKeyReplacesTheOldOneAndItsParts() throws {
        let dir = try TemporaryDirectory()
        let store = try JobStore.open(path: dir.databasePath)
        let old = MultipartUploadRecord(
            key: key, uploadID: "upload_old", filename: "t.jsonl", bytes: 10, partSize: 4,
            md5: "m", createdAt: 100, expiresAt: 3700, partIDs: [0: "part_x"])
        try store.beginMultipartUpload(old)
        var fresh = old
        fresh.uploadID = "upload_new"
        fresh.partIDs = [:]
        try store.beginMultipartUpload(fresh)
        #expect(try store.multipartUpload(for: key)?.uploadID == "upload_new")
        #expect(try store.multipartUpload(for: key)?.partIDs.isEmpty == true)
        try store.abandonMultipartUpload(uploadID: "upload_new")
        #expect(try store.multipartUpload(for: key) == nil)
    }

    @Test func anUploadCountsAsExpiredWithinATenthOfItsLifeAtMostAMinute() {
        let hour = MultipartUploadRecord(
            key: key, uploadID: "u", filename: "t.jsonl", bytes: 1, partSize: 1, md5: "m",
            createdAt: 0, expiresAt: 3600)
        #expect(!hour.isExpired(now: 3539) && hour.isExpired(now: 3540))
        let short = MultipartUploadRecord(
            key: key, uploadID: "u", filename: "t.jsonl", bytes: 1, partSize: 1, md5: "m",
            createdAt: 0, expiresAt: 10)
        #expect(!short.isExpired(now: 8.9) && short.isExpired(now: 9))
    }
}
