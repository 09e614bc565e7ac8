import FoundationEssentials
import JobStore
import Logging
import OpenAIFineTuning

/// A file sent through the Uploads API in parts, resumable across restarts.
///
/// Every step is stored before the next is taken: the upload (id, size, part size, md5,
/// `expires_at`) before its first part is sent, each part id as soon as the API gives it. Only
/// stored part ids are completed, in file order, with the md5 of the whole file. So:
/// - after a restart, the upload goes on from the first part without a stored id, as long as
///   the stored `expires_at` is not near (the API has no `GET /uploads/{id}`);
/// - a part re-sent after a lost answer makes a second part on the API, which is never
///   completed (parts not named on complete are dropped by the API);
/// - an upload that expired, or that the API answers 404 or 400 for on a part, is cancelled
///   (when it can be) and started over;
/// - a 400 on complete while the upload is still pending (the API refused the parts or the
///   md5) is final: the upload is cancelled and the error thrown. A complete whose answer was
///   lost is found again among the account's files (same name, size, and not older than the
///   upload).
///
/// Transient errors (connection, timeout, 429, 5xx, after the client's own retries) are thrown
/// as they are: the submission waits and resumes from the stored parts.
struct ResumableUpload: Sendable {
    let store: JobStore
    let client: OpenAIClient
    let logger: Logger
    let key: UploadKey
    let path: String
    let filename: String
    let bytes: Int64
    /// The part size of an upload begun now (a resumed one keeps its own).
    let partSize: Int64
    /// The md5 of the file, if already computed; else computed when an upload begins.
    let md5: String?
    /// How many fresh uploads one run may begin before it gives up.
    var maxFreshUploads = 3

    private enum Outcome {
        case file(OpenAIFile)
        case startOver(OpenAIError?)
        case partsSent
    }

    /// Sends what is missing and completes; returns the file. `progress` gets (sent, total)
    /// after each part.
    func run(progress: @Sendable (Int64, Int64) async -> Void) async throws -> OpenAIFile {
        var fresh = 0
        var lastRefusal: OpenAIError?
        while true {
            var upload: MultipartUploadRecord
            if let stored = try store.multipartUpload(for: key), stored.bytes == bytes,
                !stored.isExpired(now: Date().timeIntervalSince1970)
            {
                upload = stored
                if let next = stored.nextPart, next > 0 {
                    logger.notice(
                        "upload \(stored.uploadID) of \(key): resuming at part \(next + 1) of \(stored.partCount)")
                }
            } else {
                if let stale = try store.multipartUpload(for: key) {
                    logger.notice("upload \(stale.uploadID) of \(key) has expired or cannot be resumed; starting over")
                    try await abandon(stale)
                }
                guard fresh < maxFreshUploads else {
                    if let lastRefusal { throw lastRefusal }
                    throw OpenAIError(
                        kind: .timeout, message: "\(fresh) uploads expired before they were complete; trying later",
                        request: "POST /uploads")
                }
                fresh += 1
                upload = try await begin()
            }
            await progress(sentBytes(upload), bytes)
            switch try await sendParts(&upload, progress: progress) {
            case .startOver(let error):
                lastRefusal = error ?? lastRefusal
                logger.notice(
                    "upload \(upload.uploadID) of \(key) cannot go on (\(error.map(\.description) ?? "expired")); starting over"
                )
                try await abandon(upload)
                continue
            case .file, .partsSent:
                break
            }
            switch try await complete(upload) {
            case .file(let file): return file
            case .startOver(let error):
                lastRefusal = error ?? lastRefusal
                try await abandon(upload)
            case .partsSent:
                continue
            }
        }
    }

    /// Creates the upload on the API and stores it before any part is sent.
    private func begin() async throws -> MultipartUploadRecord {
        let md5: String
        if let known = self.md5 {
            md5 = known
        } else {
            md5 = try await FileDigests.compute(path: path, md5: true).md5 ?? ""
        }
        let created = try await client.createUpload(
            filename: filename, purpose: key.purpose, bytes: bytes, mimeType: "text/jsonl")
        let createdAt = Double(created.createdAt)
        // The API documents a one-hour life; an expires_at not after created_at is taken as that.
        let expiresAt = created.expiresAt > created.createdAt ? Double(created.expiresAt) : createdAt + 3600
        let record = MultipartUploadRecord(
            key: key, uploadID: created.id, filename: filename, bytes: bytes, partSize: partSize, md5: md5,
            createdAt: createdAt, expiresAt: expiresAt)
        try store.beginMultipartUpload(record)
        logger.info("upload \(created.id) of \(key): \(bytes) bytes in \(record.partCount) parts of \(partSize)")
        return record
    }

    private func sentBytes(_ upload: MultipartUploadRecord) -> Int64 {
        upload.partIDs.keys.reduce(0) { sum, number in sum + Int64(upload.range(ofPart: number).count) }
    }

    /// Sends each part without a stored id, in order, storing each id as it comes.
    private func sendParts(
        _ upload: inout MultipartUploadRecord, progress: @Sendable (Int64, Int64) async -> Void
    )
        async throws -> Outcome
    {
        for number in 0..<upload.partCount where upload.partIDs[number] == nil {
            if upload.isExpired(now: Date().timeIntervalSince1970) { return .startOver(nil) }
            let answer: Result<UploadPart, OpenAIError>
            do {
                answer = .success(
                    try await client.addUploadPart(
                        uploadID: upload.uploadID, from: path, range: upload.range(ofPart: number)))
            } catch {
                answer = .failure(error)
            }
            let part: UploadPart
            switch answer {
            case .success(let sent): part = sent
            case .failure(let error) where error.isFinal && !error.isRefusal: return .startOver(error)
            case .failure(let error): throw error
            }
            try store.recordUploadPart(uploadID: upload.uploadID, number: number, partID: part.id)
            upload.partIDs[number] = part.id
            await progress(sentBytes(upload), bytes)
        }
        return .partsSent
    }

    /// Completes with the stored part ids in order and the md5.
    private func complete(_ upload: MultipartUploadRecord) async throws -> Outcome {
        guard let partIDs = upload.orderedPartIDs else { return .partsSent }
        let label = "POST /uploads/\(upload.uploadID)/complete"
        let answer: Result<Upload, OpenAIError>
        do {
            answer = .success(
                try await client.completeUpload(uploadID: upload.uploadID, partIDs: partIDs, md5: upload.md5))
        } catch {
            answer = .failure(error)
        }
        let refusal: OpenAIError
        switch answer {
        case .success(let completed):
            guard let file = completed.file else {
                // Transient: the next try completes again and finds the file it made.
                throw OpenAIError(kind: .decoding, message: "the completed upload has no file", request: label)
            }
            try finish(upload, with: file)
            return .file(file)
        case .failure(let error) where error.isFinal && !error.isRefusal:
            refusal = error
        case .failure(let error):
            throw error
        }
        // A complete whose answer was lost made the file already.
        if let file = try await completedFile(of: upload) {
            logger.notice("upload \(upload.uploadID) of \(key) was completed before; its file is \(file.id)")
            try finish(upload, with: file)
            return .file(file)
        }
        if refusal.status == 404 { return .startOver(refusal) }
        // Still pending (the cancel succeeds)? Then the API refused the complete itself.
        let cancelled: OpenAIError?
        do {
            _ = try await client.cancelUpload(uploadID: upload.uploadID)
            cancelled = nil
        } catch {
            cancelled = error
        }
        if let cancelled {
            // Not pending any more (expired or cancelled): start over; or the API cannot tell now.
            if cancelled.isFinal { return .startOver(refusal) }
            throw cancelled
        }
        try store.abandonMultipartUpload(uploadID: upload.uploadID)
        logger.warning("upload \(upload.uploadID) of \(key): the API refused to complete it: \(refusal)")
        throw refusal
    }

    /// A file a lost complete of `upload` made (``LostFileSearch``), not older than the upload.
    private func completedFile(of upload: MultipartUploadRecord) async throws -> OpenAIFile? {
        try await LostFileSearch(store: store, client: client)
            .file(named: upload.filename, bytes: upload.bytes, purpose: key.purpose, since: upload.createdAt)
    }

    private func finish(_ upload: MultipartUploadRecord, with file: OpenAIFile) throws {
        try store.finishMultipartUpload(
            uploadID: upload.uploadID,
            file: UploadedFileRecord(key: key, fileID: file.id, bytes: bytes, uploadedAt: Date().timeIntervalSince1970))
    }

    /// Cancels the upload on the API when it still can be (a refusal or failure is only
    /// logged: an expired upload cannot be cancelled, and parts never completed cost nothing),
    /// then forgets it.
    private func abandon(_ upload: MultipartUploadRecord) async throws {
        do {
            _ = try await client.cancelUpload(uploadID: upload.uploadID)
        } catch {
            logger.debug("upload \(upload.uploadID): not cancelled: \(error)")
        }
        try store.abandonMultipartUpload(uploadID: upload.uploadID)
    }
}
