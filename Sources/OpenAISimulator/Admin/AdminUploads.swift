/// The admin API's view of Uploads API uploads, for tests: what the simulator received, part by
/// part, and a way to make an upload expire now.
extension SimulatorCore {
    /// `GET /admin/uploads`: every upload, oldest first, with its parts in the order they arrived.
    func adminUploads(_ state: SimulatorState) -> SimResponse {
        let uploads = state.uploads.values.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
        return .json(
            .object([
                (
                    "uploads",
                    .array(
                        uploads.map { upload in
                            .object([
                                ("id", .string(upload.id)), ("status", .string(upload.status(at: now))),
                                ("bytes", .int(upload.bytes)), ("filename", .string(upload.filename)),
                                ("created_at", .double(upload.createdAt)), ("expires_at", .double(upload.expiresAt)),
                                (
                                    "parts",
                                    .array(
                                        (upload.partOrder ?? Array(upload.parts.keys)).map { id in
                                            .object([("id", .string(id)), ("bytes", .int(upload.parts[id] ?? 0))])
                                        })
                                ),
                                ("file_id", .optional(upload.fileID)),
                            ])
                        })
                )
            ]))
    }

    /// `POST /admin/uploads/{id}/expire`: the upload expires now (`all` for every pending one).
    func adminExpireUpload(_ id: String, _ state: inout SimulatorState) -> SimResponse {
        let ids = id == "all" ? Array(state.uploads.keys) : [id]
        guard id == "all" || state.uploads[id] != nil else { return .notFound("Upload \(id) not found.") }
        for id in ids where state.uploads[id]?.status == "pending" {
            state.uploads[id]?.expiry = now
        }
        state.dirty = true
        return .json(.object([("ok", .bool(true))]))
    }
}
