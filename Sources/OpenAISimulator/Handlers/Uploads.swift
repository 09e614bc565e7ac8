import Foundation

/// `/uploads`: create, add part, complete, cancel.
extension SimulatorCore {
    func createUpload(_ request: SimRequest, _ state: inout SimulatorState) -> SimResponse {
        guard let body = request.jsonBody else { return .badRequest("We could not parse the JSON body of your request.") }
        for key in ["filename", "purpose", "bytes", "mime_type"] where body[key] == nil {
            return .badRequest("Missing required parameter: '\(key)'.", param: key, code: "missing_required_parameter")
        }
        guard let bytes = body["bytes"]?.int, bytes >= 0, bytes <= 8 << 30 else {
            return .badRequest("bytes must be between 0 and 8 GB.", param: "bytes")
        }
        let upload = SimUpload(
            id: derivedID("upload_", "upload/\(state.nextSerial())/\(now)"), createdAt: now,
            filename: body["filename"]?.string ?? "upload", bytes: bytes,
            purpose: body["purpose"]?.string ?? "fine-tune", mimeType: body["mime_type"]?.string ?? "",
            status: "pending")
        state.uploads[upload.id] = upload
        state.dirty = true
        return .json(uploadJSON(upload, state))
    }

    func addUploadPart(_ id: String, _ request: SimRequest, _ state: inout SimulatorState) -> SimResponse {
        guard var upload = state.uploads[id] else { return .notFound("Upload \(id) not found.", param: "upload_id") }
        guard upload.status == "pending", now < upload.expiresAt else {
            return .badRequest("Upload \(id) is \(upload.status); parts can be added only while it is pending.")
        }
        guard let data = Multipart.parse(request)?.first(where: { $0.name == "data" })?.data else {
            return .badRequest("Missing required parameter: 'data'.", param: "data")
        }
        guard data.count <= 64 << 20 else { return .badRequest("A part may be at most 64 MB.", param: "data") }
        let partID = derivedID("part_", "part/\(state.nextSerial())/\(now)")
        do {
            try Data(data).write(to: fileURL(partID))
        } catch {
            return .error(500, "could not store the part: \(error)", type: "server_error")
        }
        upload.parts[partID] = data.count
        state.uploads[id] = upload
        state.dirty = true
        return .json(.object([
            ("id", .string(partID)), ("object", .string("upload.part")),
            ("created_at", .int(Int(now))), ("upload_id", .string(id)),
        ]))
    }

    func completeUpload(_ id: String, _ request: SimRequest, _ state: inout SimulatorState) -> SimResponse {
        guard var upload = state.uploads[id] else { return .notFound("Upload \(id) not found.", param: "upload_id") }
        guard upload.status == "pending" else { return .badRequest("Upload \(id) is \(upload.status).") }
        guard let partIDs = request.jsonBody?["part_ids"]?.array?.compactMap(\.string) else {
            return .badRequest("Missing required parameter: 'part_ids'.", param: "part_ids")
        }
        var total = 0
        for partID in partIDs {
            guard let size = upload.parts[partID] else {
                return .badRequest("Part \(partID) does not belong to upload \(id).", param: "part_ids")
            }
            total += size
        }
        guard total == upload.bytes else {
            return .badRequest("The parts add up to \(total) bytes, but the upload was created for \(upload.bytes).",
                               param: "part_ids")
        }
        var joined: [UInt8] = []
        joined.reserveCapacity(total)
        for partID in partIDs {
            joined += (try? [UInt8](Data(contentsOf: fileURL(partID)))) ?? []
        }
        let stored = storeFile(bytes: joined[...], filename: upload.filename, purpose: upload.purpose, &state)
        guard stored.status == 200, let fileID = JSON.parse(stored.body)?["id"]?.string else { return stored }
        for partID in upload.parts.keys { try? FileManager.default.removeItem(at: fileURL(partID)) }
        upload.status = "completed"
        upload.fileID = fileID
        state.uploads[id] = upload
        state.dirty = true
        return .json(uploadJSON(upload, state))
    }

    func cancelUpload(_ id: String, _ state: inout SimulatorState) -> SimResponse {
        guard var upload = state.uploads[id] else { return .notFound("Upload \(id) not found.", param: "upload_id") }
        guard upload.status == "pending" else { return .badRequest("Upload \(id) is \(upload.status).") }
        upload.status = "cancelled"
        for partID in upload.parts.keys { try? FileManager.default.removeItem(at: fileURL(partID)) }
        state.uploads[id] = upload
        state.dirty = true
        return .json(uploadJSON(upload, state))
    }

    private func uploadJSON(_ upload: SimUpload, _ state: SimulatorState) -> JSON {
        let status = upload.status == "pending" && now >= upload.expiresAt ? "expired" : upload.status
        return .object([
            ("id", .string(upload.id)), ("object", .string("upload")),
            ("bytes", .int(upload.bytes)), ("created_at", .int(Int(upload.createdAt))),
            ("filename", .string(upload.filename)), ("purpose", .string(upload.purpose)),
            ("status", .string(status)), ("expires_at", .int(Int(upload.expiresAt))),
            ("file", upload.fileID.flatMap { state.files[$0]?.json } ?? .null),
        ])
    }
}
