import Foundation

/// `/uploads`: create, add part, complete, cancel, as the API reference documents them:
///
/// - create: `filename`, `purpose` (assistants, batch, fine-tune, vision), `bytes` (at most
///   8 GB) and `mime_type` are required; fine-tuning takes `.jsonl` names only. The upload is
///   `pending` and expires `uploadLifetime` after creation (the API: one hour).
/// - add part: only while pending; a part holds at most 64 MB, and all parts at most 8 GB.
/// - complete: only while pending; `part_ids` names parts of this upload, each once, in the
///   order their bytes are joined; their sizes must add up to `bytes`. An `md5` given must be
///   that of the joined bytes (the reference does not say how a mismatch is answered: a 400 with
///   `param: md5`, the upload staying pending). The result is a `processed` File.
/// - cancel: only while pending. After complete or cancel no part is accepted.
///
/// Every refusal is a 400 `invalid_request_error` naming the parameter; an unknown upload is a
/// 404.
extension SimulatorCore {
    static let uploadPurposes: Set<String> = ["assistants", "batch", "fine-tune", "vision"]
    static let maxUploadBytes = 8 << 30
    static let maxPartBytes = 64 << 20

    func createUpload(_ request: SimRequest, _ state: inout SimulatorState) -> SimResponse {
        guard let body = request.jsonBody else {
            return .badRequest("We could not parse the JSON body of your request.")
        }
        for key in ["filename", "purpose", "bytes", "mime_type"] where body[key] == nil {
            return .badRequest("Missing required parameter: '\(key)'.", param: key, code: "missing_required_parameter")
        }
        guard let purpose = body["purpose"]?.string, Self.uploadPurposes.contains(purpose) else {
            return .badRequest("'purpose' must be one of \(Self.uploadPurposes.sorted()).", param: "purpose")
        }
        guard let filename = body["filename"]?.string, !filename.isEmpty else {
            return .badRequest("'filename' must be a non-empty string.", param: "filename")
        }
        if purpose == "fine-tune" && !filename.hasSuffix(".jsonl") {
            return .badRequest("Invalid file format for Fine-Tuning API. Must be .jsonl", param: "filename")
        }
        guard let bytes = body["bytes"]?.int, bytes >= 0, bytes <= Self.maxUploadBytes else {
            return .badRequest("'bytes' must be an integer between 0 and 8 GB.", param: "bytes")
        }
        guard let mimeType = body["mime_type"]?.string, !mimeType.isEmpty else {
            return .badRequest("'mime_type' must be a non-empty string.", param: "mime_type")
        }
        if let after = body["expires_after"] {
            guard after["anchor"]?.string == "created_at", let seconds = after["seconds"]?.int,
                (3600...2_592_000).contains(seconds)
            else {
                return .badRequest(
                    "'expires_after' must be {anchor: created_at, seconds: 3600-2592000}.",
                    param: "expires_after")
            }
        }
        let created = now
        let upload = SimUpload(
            id: derivedID("upload_", "upload/\(state.nextSerial())/\(created)"), createdAt: created,
            filename: filename, bytes: bytes, purpose: purpose, mimeType: mimeType, status: "pending",
            expiry: created + configuration.uploadLifetime, partOrder: [])
        state.uploads[upload.id] = upload
        state.dirty = true
        return .json(uploadJSON(upload, state))
    }

    func addUploadPart(_ id: String, _ request: SimRequest, _ state: inout SimulatorState) -> SimResponse {
        guard var upload = state.uploads[id] else { return .notFound("Upload \(id) not found.", param: "upload_id") }
        let status = upload.status(at: now)
        guard status == "pending" else {
            return .badRequest(
                "Upload \(id) is \(status); Parts can be added only while it is pending.", param: "upload_id")
        }
        guard let data = Multipart.parse(request)?.first(where: { $0.name == "data" })?.data else {
            return .badRequest("Missing required parameter: 'data'.", param: "data")
        }
        guard data.count <= Self.maxPartBytes else { return .badRequest("A Part may be at most 64 MB.", param: "data") }
        guard upload.parts.values.reduce(0, +) + data.count <= Self.maxUploadBytes else {
            return .badRequest("An Upload may hold at most 8 GB of Parts.", param: "data")
        }
        let partID = derivedID("part_", "part/\(state.nextSerial())/\(now)")
        do {
            try Data(data).write(to: fileURL(partID))
        } catch {
            return .error(500, "could not store the part: \(error)", type: "server_error")
        }
        upload.parts[partID] = data.count
        upload.partOrder = (upload.partOrder ?? []) + [partID]
        state.uploads[id] = upload
        state.dirty = true
        return .json(
            .object([
                ("id", .string(partID)), ("object", .string("upload.part")),
                ("created_at", .int(Int(now))), ("upload_id", .string(id)),
            ]))
    }

    func completeUpload(_ id: String, _ request: SimRequest, _ state: inout SimulatorState) -> SimResponse {
        guard var upload = state.uploads[id] else { return .notFound("Upload \(id) not found.", param: "upload_id") }
        let status = upload.status(at: now)
        guard status == "pending" else { return .badRequest("Upload \(id) is \(status).", param: "upload_id") }
        guard let list = request.jsonBody?["part_ids"]?.array else {
            return .badRequest(
                "Missing required parameter: 'part_ids'.", param: "part_ids", code: "missing_required_parameter")
        }
        let partIDs = list.compactMap(\.string)
        guard partIDs.count == list.count else { return .badRequest("'part_ids' must be strings.", param: "part_ids") }
        guard Set(partIDs).count == partIDs.count else {
            return .badRequest("'part_ids' names a Part more than once.", param: "part_ids")
        }
        var total = 0
        for partID in partIDs {
            guard let size = upload.parts[partID] else {
                return .badRequest("Part \(partID) does not belong to upload \(id).", param: "part_ids")
            }
            total += size
        }
        guard total == upload.bytes else {
            return .badRequest(
                "The Parts add up to \(total) bytes, but the Upload was created for \(upload.bytes).",
                param: "part_ids")
        }
        let expectedMD5 = request.jsonBody?["md5"]?.string
        let fileID = derivedID("file-", "file/\(state.nextSerial())/\(now)")
        let md5: String
        do {
            md5 = try join(partIDs, into: fileURL(fileID))
        } catch {
            try? FileManager.default.removeItem(at: fileURL(fileID))
            return .error(500, "could not join the parts: \(error)", type: "server_error")
        }
        if let expectedMD5, expectedMD5.lowercased() != md5 {
            try? FileManager.default.removeItem(at: fileURL(fileID))
            return .badRequest(
                "The md5 checksum of the uploaded bytes (\(md5)) does not match 'md5' (\(expectedMD5)).",
                param: "md5")
        }
        state.insert(
            SimFile(id: fileID, bytes: total, createdAt: now, filename: upload.filename, purpose: upload.purpose))
        for partID in upload.parts.keys { try? FileManager.default.removeItem(at: fileURL(partID)) }
        upload.status = "completed"
        upload.fileID = fileID
        state.uploads[id] = upload
        state.dirty = true
        return .json(uploadJSON(upload, state))
    }

    func cancelUpload(_ id: String, _ state: inout SimulatorState) -> SimResponse {
        guard var upload = state.uploads[id] else { return .notFound("Upload \(id) not found.", param: "upload_id") }
        let status = upload.status(at: now)
        guard status == "pending" else { return .badRequest("Upload \(id) is \(status).", param: "upload_id") }
        upload.status = "cancelled"
        for partID in upload.parts.keys { try? FileManager.default.removeItem(at: fileURL(partID)) }
        state.uploads[id] = upload
        state.dirty = true
        return .json(uploadJSON(upload, state))
    }

    /// Writes the parts' bytes one after another into `destination`, in 1 MiB pieces; returns
    /// their md5.
    private func join(_ partIDs: [String], into destination: URL) throws -> String {
        guard FileManager.default.createFile(atPath: destination.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown)
        }
        let output = try FileHandle(forWritingTo: destination)
        defer { try? output.close() }
        var md5 = SimMD5()
        for partID in partIDs {
            let input = try FileHandle(forReadingFrom: fileURL(partID))
            defer { try? input.close() }
            while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
                chunk.withUnsafeBytes { md5.update($0) }
                try output.write(contentsOf: chunk)
            }
        }
        return md5.finish()
    }

    func uploadJSON(_ upload: SimUpload, _ state: SimulatorState) -> JSON {
        .object([
            ("id", .string(upload.id)), ("object", .string("upload")),
            ("bytes", .int(upload.bytes)), ("created_at", .int(Int(upload.createdAt))),
            ("filename", .string(upload.filename)), ("purpose", .string(upload.purpose)),
            ("status", .string(upload.status(at: now))), ("expires_at", .int(Int(upload.expiresAt))),
            ("file", upload.fileID.flatMap { state.files[$0]?.json } ?? .null),
        ])
    }
}
