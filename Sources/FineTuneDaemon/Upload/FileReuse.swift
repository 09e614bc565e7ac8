import JobStore
import Logging
import OpenAIFineTuning

/// Whether a file uploaded before for the same content can serve again: it must still exist on
/// the API (`GET /files/{id}`) and be usable.
struct FileReuse: Sendable {
    let store: JobStore
    let client: OpenAIClient
    let logger: Logger

    /// The id of a usable file recorded for `key` with `bytes` bytes, or nil (then the record,
    /// if any, is forgotten: the file is gone, was deleted, or is unusable).
    ///
    /// - Throws: a transient `OpenAIError` when the API cannot tell now: uploading a second copy
    ///   blindly would leave two; the submission waits and asks again.
    func reusableFile(for key: UploadKey, bytes: Int64) async throws -> String? {
        guard let known = try store.uploadedFile(for: key) else { return nil }
        let answer: Result<OpenAIFile, OpenAIError>
        do {
            answer = .success(try await client.retrieveFile(known.fileID))
        } catch {
            answer = .failure(error)
        }
        let file: OpenAIFile
        switch answer {
        case .success(let found):
            file = found
        case .failure(let error) where error.kind == .api && error.status == 404:
            logger.notice("file \(known.fileID) of \(key) no longer exists on the API; uploading again")
            try store.forgetUploadedFile(known.fileID)
            return nil
        case .failure(let error):
            throw error
        }
        guard let problem = Self.unusable(file, bytes: bytes, purpose: key.purpose) else {
            logger.info("reusing file \(file.id) for \(key): same content already uploaded")
            return file.id
        }
        logger.notice("file \(file.id) of \(key) cannot be reused (\(problem)); uploading again")
        try store.forgetUploadedFile(known.fileID)
        return nil
    }

    /// Why `file` cannot stand for content of `bytes` bytes with `purpose`, or nil if it can:
    /// its status must be `uploaded` or `processed` (or absent), not `error` or `deleted`.
    static func unusable(_ file: OpenAIFile, bytes: Int64, purpose: String) -> String? {
        if let status = file.status, status != .uploaded, status != .processed {
            return "status \(status.rawValue)"
        }
        if Int64(file.bytes) != bytes { return "\(file.bytes) bytes, expected \(bytes)" }
        if file.purpose.rawValue != purpose { return "purpose \(file.purpose.rawValue)" }
        return nil
    }
}
