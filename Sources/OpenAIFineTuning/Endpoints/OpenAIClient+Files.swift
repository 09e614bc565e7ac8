import FoundationEssentials
import Glibc
import NIOCore

/// Files: upload (streamed from disk), list, retrieve, delete, content.
extension OpenAIClient {
    /// Uploads a file with `multipart/form-data`, streaming it from disk in chunks: memory stays
    /// flat whatever the size. The Files API takes up to 512 MB; use `uploadLargeFile` above that.
    /// `progress` is called with the bytes sent so far (again from zero if a retry resends).
    public func uploadFile(
        at path: String, purpose: OpenAIFile.Purpose = .fineTune, filename: String? = nil,
        progress: (@Sendable (Int64) -> Void)? = nil
    ) async throws(OpenAIError) -> OpenAIFile {
        let size = try fileSize(path, request: "POST /files")
        var form = MultipartForm(
            fields: [(name: "purpose", value: purpose.rawValue)],
            file: .init(
                fieldName: "file", filename: filename ?? path.lastPathComponent,
                contentType: "application/jsonl", path: path, range: 0..<size))
        form.progress = progress
        return try await send(
            APIRequest(method: .POST, path: "/files", body: .multipart(form)), as: OpenAIFile.self)
    }

    /// One page of files, newest first.
    public func listFiles(
        purpose: OpenAIFile.Purpose? = nil, after: String? = nil, limit: Int? = nil
    ) async throws(OpenAIError) -> ListPage<OpenAIFile> {
        var query = pagingQuery(after: after, limit: limit)
        if let purpose { query.append((name: "purpose", value: purpose.rawValue)) }
        return try await send(.get("/files", query: query), as: ListPage<OpenAIFile>.self)
    }

    /// Every file, fetched lazily.
    public func allFiles(
        purpose: OpenAIFile.Purpose? = nil, pageSize: Int = 1000
    )
        -> PagedSequence<OpenAIFile>
    {
        PagedSequence { cursor throws(OpenAIError) in
            try await self.listFiles(purpose: purpose, after: cursor, limit: pageSize)
        }
    }

    public func retrieveFile(_ id: String) async throws(OpenAIError) -> OpenAIFile {
        try await send(.get("/files/\(pathSegment(id))"), as: OpenAIFile.self)
    }

    public func deleteFile(_ id: String) async throws(OpenAIError) -> DeletionStatus {
        try await send(.delete("/files/\(pathSegment(id))"), as: DeletionStatus.self)
    }

    /// A file's bytes (a results CSV, a training file), up to the configured response limit.
    public func fileContent(_ id: String) async throws(OpenAIError) -> [UInt8] {
        var request = APIRequest.get("/files/\(pathSegment(id))/content")
        request.accept = "application/binary"
        let response = try await send(request)
        return Array(response.body.readableBytesView)
    }

    func fileSize(_ path: String, request: String) throws(OpenAIError) -> Int64 {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            throw OpenAIError(kind: .decoding, message: "cannot read \(path): \(reason)", request: request)
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw OpenAIError(kind: .decoding, message: "cannot read the size of \(path)", request: request)
        }
        return Int64(info.st_size)
    }
}
