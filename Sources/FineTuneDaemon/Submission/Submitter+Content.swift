import FoundationEssentials
import Glibc
import JobStore

/// The content store's copies of one submission's files.
struct KeptFiles: Sendable {
    var training: StoredContent
    var validation: StoredContent?
}

/// The first step of a submission: the daemon keeps its own copy of the data (content store,
/// sha256) and records the digests, so that what is validated and uploaded is exactly that copy,
/// whatever happens to the user's file afterwards.
extension Submitter {
    /// The copies kept for `submission`: found again after a restart when recorded and still
    /// in the store, else made now from the descriptors that came with the call (or, for a
    /// submission by path, from the path), off the cooperative pool.
    ///
    /// - Throws: `Failure.unreadable` when the data cannot be read or kept (a full disk
    ///   included), or when it came as a descriptor and the daemon stopped before keeping it.
    func keep(
        _ submission: SubmissionRecord, _ request: SubmissionRequest, progress: @Sendable (Progress) async -> Void
    )
        async throws -> KeptFiles
    {
        if let files = try? keptFiles(submission) { return files }
        let taken = sources?.take()
        let training = try source(
            taken?.training, byDescriptor: request.trainingByDescriptor, path: request.training_file,
            name: submission.trainingFilePath)
        var validation: ContentSource? = nil
        if let name = submission.validationFilePath {
            validation = try source(
                taken?.validation, byDescriptor: request.validationByDescriptor, path: request.validation_file,
                name: name)
        }
        await progress(.copying(copied: 0))
        let contents = contentStore
        let frozenValidation = validation
        let files: KeptFiles
        do {
            files = try await OffPool.run(name: "keep \(submission.id)") {
                KeptFiles(
                    training: try contents.keep(training),
                    validation: try frozenValidation.map { try contents.keep($0) })
            }
        } catch let error as ContentStoreError {
            throw Failure.unreadable(path: submission.trainingFilePath, reason: error.description)
        }
        try store.recordSubmissionContent(
            id: submission.id, trainingSHA256: files.training.sha256, validationSHA256: files.validation?.sha256)
        await progress(.copying(copied: files.training.size + (files.validation?.size ?? 0)))
        let validationText = files.validation.map { " and \($0.size) bytes as sha256 \($0.sha256)" } ?? ""
        logger.info(
            "submission \(submission.id): kept \(files.training.size) bytes as sha256 \(files.training.sha256)\(validationText)"
        )
        return files
    }

    /// The copies recorded for `submission`, from the content store.
    ///
    /// - Throws: `Failure.unreadable` when none was recorded or a copy is gone.
    func keptFiles(_ submission: SubmissionRecord) throws -> KeptFiles {
        let content = try store.submissionContent(id: submission.id)
        guard let digest = content?.trainingSHA256, let training = stored(digest) else {
            throw Failure.unreadable(path: submission.trainingFilePath, reason: "finetuned has no copy of this data")
        }
        var validation: StoredContent?
        if let name = submission.validationFilePath {
            guard let digest = content?.validationSHA256, let kept = stored(digest) else {
                throw Failure.unreadable(path: name, reason: "finetuned has no copy of this data")
            }
            validation = kept
        }
        return KeptFiles(training: training, validation: validation)
    }

    private func stored(_ sha256: String) -> StoredContent? {
        guard let path = contentStore.path(forSHA256: sha256) else { return nil }
        var status = stat()
        let size = stat(path, &status) == 0 ? Int64(status.st_size) : 0
        return StoredContent(sha256: sha256, size: size, path: path)
    }

    /// The descriptor that came with the call, or the path the daemon may read itself.
    private func source(
        _ passed: ContentSource?, byDescriptor: Bool, path: String?, name: String
    ) throws -> ContentSource {
        if let passed { return passed }
        guard !byDescriptor, let path else {
            throw Failure.unreadable(
                path: name,
                reason:
                    "finetuned stopped before it had kept its copy of data passed as a descriptor, which it cannot read again; submit again"
            )
        }
        do {
            return try ContentSource.open(path: path)
        } catch {
            throw Failure.unreadable(path: name, reason: error.description)
        }
    }
}
