import FoundationEssentials
import Glibc
import JobStore
import Logging
import OpenAIFineTuning

/// Gets a file on the API holding a source's bytes, uploading them at most once per account:
///
/// 1. The content key is (account, sha256, purpose). One step per key runs at a time
///    (``UploadGate``).
/// 2. A file recorded for the key is reused if the API still has it, usable (``FileReuse``).
/// 3. Otherwise files up to `options.multipartThreshold` go in one Files API request, larger
///    ones through the Uploads API, resumably (``ResumableUpload``). The new file is recorded
///    for the key. A Files API upload is recorded as sent before it is sent: after a restart,
///    the file it may have made is looked for (``LostFileSearch``) before the content is sent
///    again.
///
/// `record` is called with the file id while the key is still held, so the caller stores it on
/// its submission before an orphan deletion (which takes the same key) can see the file unused.
struct UploadStep: Sendable {
    let store: JobStore
    let account: String
    let client: OpenAIClient
    let options: UploadOptions
    let gate: UploadGate
    let logger: Logger

    /// How far the API's clock may be behind this host's when a lost upload is looked for.
    static let clockSkew: Double = 60

    /// A source that cannot be uploaded at all; the submission fails with it.
    enum Refusal: Error, CustomStringConvertible {
        case unreadable(path: String, reason: String)
        case tooLarge(path: String, bytes: Int64)

        var description: String {
            switch self {
            case .unreadable(let path, let reason): return "\(path): \(reason)"
            case .tooLarge(let path, _): return "\(path): \(reason)"
            }
        }

        /// What is wrong, without the path.
        var reason: String {
            switch self {
            case .unreadable(_, let reason): return reason
            case .tooLarge(_, let bytes):
                return "\(bytes) bytes is over the Uploads API's limit of \(UploadOptions.maxUploadBytes) bytes (8 GB)"
            }
        }
    }

    /// The id of a file holding `source`'s bytes. `progress` gets (sent, total).
    ///
    /// - Throws: `Refusal`; `OpenAIError` (transient ones leave stored state to resume from);
    ///   whatever `record` throws.
    func upload(
        _ source: UploadSource, progress: @Sendable (Int64, Int64) async -> Void, record: (String) throws -> Void
    ) async throws -> String {
        let bytes = try size(of: source.path)
        guard bytes <= UploadOptions.maxUploadBytes else { throw Refusal.tooLarge(path: source.path, bytes: bytes) }
        let multipart = bytes > options.multipartThreshold
        var sha256 = source.sha256
        var md5: String?
        if sha256 == nil {
            let digests: FileDigests
            do {
                digests = try await FileDigests.compute(path: source.path, md5: multipart)
            } catch let error as FileDigests.Unreadable {
                throw Refusal.unreadable(path: source.path, reason: error.reason)
            }
            guard digests.bytes == bytes else {
                throw Refusal.unreadable(path: source.path, reason: "the file changed while it was read")
            }
            sha256 = digests.sha256
            md5 = digests.md5
        }
        let key = UploadKey(account: account, sha256: sha256 ?? "", purpose: source.purpose.rawValue)
        await gate.acquire(key)
        do {
            let id = try await obtain(key, source, bytes: bytes, multipart: multipart, md5: md5, progress: progress)
            try record(id)
            gate.release(key)
            return id
        } catch {
            gate.release(key)
            throw error
        }
    }

    private func obtain(
        _ key: UploadKey, _ source: UploadSource, bytes: Int64, multipart: Bool, md5: String?,
        progress: @Sendable (Int64, Int64) async -> Void
    ) async throws -> String {
        if let reused = try await FileReuse(store: store, client: client, logger: logger)
            .reusableFile(for: key, bytes: bytes)
        {
            await progress(bytes, bytes)
            return reused
        }
        if multipart {
            let upload = ResumableUpload(
                store: store, client: client, logger: logger, key: key, path: source.path, filename: source.filename,
                bytes: bytes, partSize: options.partSize, md5: md5)
            let file = try await upload.run(progress: progress)
            logger.info("uploaded \(source.path) as \(file.id) (\(bytes) bytes, in parts)")
            return file.id
        }
        // A Files API upload sent before (by a process that was killed) may have made the file.
        if let sent = try store.fileUploadSent(for: key),
            let file = try await LostFileSearch(store: store, client: client).file(
                named: sent.filename, bytes: sent.bytes, purpose: key.purpose, since: sent.sentAt - Self.clockSkew)
        {
            try store.recordUploadedFile(
                UploadedFileRecord(key: key, fileID: file.id, bytes: bytes, uploadedAt: Date().timeIntervalSince1970))
            logger.notice("file \(file.id) is the upload of \(source.path) sent before a restart; not sent again")
            await progress(bytes, bytes)
            return file.id
        }
        try store.recordFileUploadSent(
            key, filename: source.filename, bytes: bytes, sentAt: Date().timeIntervalSince1970)
        let file = try await singleRequest(source, bytes: bytes, progress: progress)
        try store.recordUploadedFile(
            UploadedFileRecord(key: key, fileID: file.id, bytes: bytes, uploadedAt: Date().timeIntervalSince1970))
        logger.info("uploaded \(source.path) as \(file.id) (\(bytes) bytes)")
        return file.id
    }

    /// One Files API request, with progress reported every 250 ms while it streams.
    private func singleRequest(
        _ source: UploadSource, bytes: Int64, progress: @Sendable (Int64, Int64) async -> Void
    )
        async throws -> OpenAIFile
    {
        let reporter = ProgressRelay()
        let relay: @Sendable (Int64) -> Void = { sent in reporter.set(sent) }
        let client = client
        return try await withThrowingTaskGroup(of: OpenAIFile?.self) { group in
            group.addTask {
                try await client.uploadFile(
                    at: source.path, purpose: source.purpose, filename: source.filename, progress: relay)
            }
            while true {
                group.addTask {
                    try? await Task.sleep(for: .milliseconds(250))
                    return nil
                }
                if let value = try await group.next(), let file = value {
                    group.cancelAll()
                    await progress(bytes, bytes)
                    return file
                }
                await progress(reporter.value, bytes)
            }
        }
    }

    private func size(of path: String) throws -> Int64 {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw Refusal.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw Refusal.unreadable(path: path, reason: "not a regular file")
        }
        return Int64(info.st_size)
    }
}
