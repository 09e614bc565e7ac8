import FoundationEssentials

/// Uploads: the multi-part API for files over 512 MB (parts of at most 64 MB, 8 GB in all).
extension OpenAIClient {
    /// The largest part the Uploads API accepts.
    public static let maxUploadPartBytes: Int64 = 64 << 20
    /// The largest file the Files API takes in one request; larger ones need the Uploads API.
    public static let maxFileBytes: Int64 = 512 << 20

    public func createUpload(
        filename: String, purpose: String = "fine-tune", bytes: Int64,
        mimeType: String = "text/jsonl"
    ) async throws(OpenAIError) -> Upload {
        struct Body: Encodable {
            var filename: String
            var purpose: String
            var bytes: Int64
            var mime_type: String
        }
        let request: APIRequest
        do {
            request = try .post(
                "/uploads",
                json: Body(
                    filename: filename, purpose: purpose,
                    bytes: bytes, mime_type: mimeType))
        } catch {
            throw OpenAIError(kind: .decoding, message: "cannot encode: \(error)", request: "POST /uploads")
        }
        return try await send(request, as: Upload.self)
    }

    /// Adds the bytes `range` of the file at `path` as one part, streamed from disk.
    public func addUploadPart(
        uploadID: String, from path: String, range: Range<Int64>
    )
        async throws(OpenAIError) -> UploadPart
    {
        let form = MultipartForm(
            fields: [],
            file: .init(
                fieldName: "data", filename: "part", contentType: "application/octet-stream",
                path: path, range: range))
        return try await send(
            APIRequest(
                method: .POST, path: "/uploads/\(pathSegment(uploadID))/parts",
                body: .multipart(form)),
            as: UploadPart.self)
    }

    /// Completes an upload; the parts are joined in the order given.
    public func completeUpload(
        uploadID: String, partIDs: [String], md5: String? = nil
    )
        async throws(OpenAIError) -> Upload
    {
        struct Body: Encodable {
            var part_ids: [String]
            var md5: String?
        }
        let label = "POST /uploads/\(uploadID)/complete"
        let request: APIRequest
        do {
            request = try .post(
                "/uploads/\(pathSegment(uploadID))/complete",
                json: Body(part_ids: partIDs, md5: md5))
        } catch {
            throw OpenAIError(kind: .decoding, message: "cannot encode: \(error)", request: label)
        }
        return try await send(request, as: Upload.self)
    }

    public func cancelUpload(uploadID: String) async throws(OpenAIError) -> Upload {
        try await send(.post("/uploads/\(pathSegment(uploadID))/cancel"), as: Upload.self)
    }

    /// Uploads a file of any size through the Uploads API, in parts of `partSize`, and returns
    /// the resulting file. `progress` is called with the bytes sent so far after each part.
    /// `filename` is the name the API shows (default: the path's last component).
    public func uploadLargeFile(
        at path: String, purpose: String = "fine-tune", partSize: Int64 = maxUploadPartBytes, filename: String? = nil,
        progress: (@Sendable (Int64) -> Void)? = nil
    ) async throws(OpenAIError) -> OpenAIFile {
        let size = try fileSize(path, request: "POST /uploads")
        let upload = try await createUpload(
            filename: filename ?? path.lastPathComponent, purpose: purpose, bytes: size)
        var partIDs: [String] = []
        var offset: Int64 = 0
        do throws(OpenAIError) {
            while offset < size {
                let end = min(size, offset + max(1, min(partSize, Self.maxUploadPartBytes)))
                partIDs.append(try await addUploadPart(uploadID: upload.id, from: path, range: offset..<end).id)
                offset = end
                progress?(offset)
            }
            let completed = try await completeUpload(uploadID: upload.id, partIDs: partIDs)
            guard let file = completed.file else {
                throw OpenAIError(
                    kind: .decoding, message: "the completed upload has no file",
                    request: "POST /uploads/\(upload.id)/complete")
            }
            return file
        } catch {
            _ = try? await cancelUpload(uploadID: upload.id)
            throw error
        }
    }
}
