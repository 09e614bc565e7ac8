import Foundation
import OpenAISimulator
import Testing

/// The simulator's Uploads API answers as the API reference documents it, checked on the wire
/// (no project client): limits, expiry, complete with parts in the wrong order, missing or
/// repeated, a wrong md5, cancel, and the File a complete makes.
@Suite struct UploadsFidelityTests {
    let hello =
        Array(#"{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}]}"#.utf8) + [10]

    func begin(_ simulator: OpenAISimulator, bytes: Int, filename: String = "train.jsonl") async throws -> String {
        let created = try await HTTP.json(
            "POST", simulator.baseURL.appendingPathComponent("uploads"),
            [
                "filename": filename, "purpose": "fine-tune", "bytes": bytes, "mime_type": "text/jsonl",
            ])
        #expect(created.status == 200, "\(String(decoding: created.body, as: UTF8.self))")
        #expect(created.object["status"] as? String == "pending")
        return try #require(created.object["id"] as? String)
    }

    func part(
        _ simulator: OpenAISimulator, _ upload: String, _ bytes: some Collection<UInt8>
    ) async throws -> HTTP.Response {
        let boundary = "part-boundary-7"
        let body =
            Array(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"data\"; filename=\"blob\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                    .utf8)
            + bytes + Array("\r\n--\(boundary)--\r\n".utf8)
        return try await HTTP.request(
            "POST", simulator.baseURL.appendingPathComponent("uploads/\(upload)/parts"), body: body,
            headers: ["content-type": "multipart/form-data; boundary=\(boundary)"])
    }

    func complete(
        _ simulator: OpenAISimulator, _ upload: String, _ parts: [String], md5: String? = nil
    )
        async throws -> HTTP.Response
    {
        var body: [String: Any] = ["part_ids": parts]
        if let md5 { body["md5"] = md5 }
        return try await HTTP.json("POST", simulator.baseURL.appendingPathComponent("uploads/\(upload)/complete"), body)
    }

    func errorParam(_ response: HTTP.Response) -> String? {
        (response.object["error"] as? [String: Any])?["param"] as? String
    }

    func md5(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("md5-\(UUID().uuidString)").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/md5sum")
        process.arguments = [path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        return String(String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).prefix(32))
    }

    @Test func aCompleteJoinsThePartsInTheGivenOrderChecksTheMD5AndMakesAProcessedFile() async throws {
        let simulator = try await OpenAISimulator.start(.init())
        try await withTearDown({ try await simulator.shutdown() }) {
            let data = hello + hello + hello
            let upload = try await begin(simulator, bytes: data.count)
            let first = try await part(simulator, upload, data[0..<40])
            let second = try await part(simulator, upload, data[40...])
            let ids = try [first, second].map { try #require($0.object["id"] as? String) }
            #expect(
                first.object["object"] as? String == "upload.part" && first.object["upload_id"] as? String == upload)

            // The wrong order with the file's md5: refused, and the upload stays pending.
            let swapped = try await complete(simulator, upload, ids.reversed(), md5: try md5(data))
            #expect(swapped.status == 400 && errorParam(swapped) == "md5")
            let done = try await complete(simulator, upload, ids, md5: try md5(data))
            #expect(done.status == 200, "\(String(decoding: done.body, as: UTF8.self))")
            #expect(done.object["status"] as? String == "completed")
            let file = try #require(done.object["file"] as? [String: Any])
            #expect(file["object"] as? String == "file" && file["status"] as? String == "processed")
            #expect(file["bytes"] as? Int == data.count && file["filename"] as? String == "train.jsonl")
            #expect(file["purpose"] as? String == "fine-tune")
            let fileID = try #require(file["id"] as? String)
            let content = try await HTTP.request(
                "GET", simulator.baseURL.appendingPathComponent("files/\(fileID)/content"))
            #expect(content.body == data)

            // Nothing more after complete.
            #expect(try await part(simulator, upload, hello).status == 400)
            #expect(try await complete(simulator, upload, ids).status == 400)
            #expect(
                try await HTTP.request("POST", simulator.baseURL.appendingPathComponent("uploads/\(upload)/cancel"))
                    .status
                    == 400)
        }
    }

    @Test func missingRepeatedOrForeignPartsAreRefusedNamingPartIDs() async throws {
        let simulator = try await OpenAISimulator.start(.init())
        try await withTearDown({ try await simulator.shutdown() }) {
            let upload = try await begin(simulator, bytes: hello.count * 2)
            let a = try #require(try await part(simulator, upload, hello).object["id"] as? String)
            let b = try #require(try await part(simulator, upload, hello).object["id"] as? String)
            let other = try await begin(simulator, bytes: hello.count)
            let foreign = try #require(try await part(simulator, other, hello).object["id"] as? String)

            let missing = try await complete(simulator, upload, [a])
            #expect(missing.status == 400 && errorParam(missing) == "part_ids")
            let repeated = try await complete(simulator, upload, [a, a])
            #expect(repeated.status == 400 && errorParam(repeated) == "part_ids")
            let stranger = try await complete(simulator, upload, [a, foreign])
            #expect(stranger.status == 400 && errorParam(stranger) == "part_ids")
            // Without md5 the API trusts the order it is given.
            #expect(try await complete(simulator, upload, [b, a]).status == 200)
            #expect(try await complete(simulator, "upload_nope", [a]).status == 404)
        }
    }

    @Test func createRefusesWhatTheReferenceRefuses() async throws {
        let simulator = try await OpenAISimulator.start(.init())
        try await withTearDown({ try await simulator.shutdown() }) {
            let uploads = simulator.baseURL.appendingPathComponent("uploads")
            let base: [String: Any] = [
                "filename": "t.jsonl", "purpose": "fine-tune", "bytes": 10, "mime_type": "text/jsonl",
            ]
            for (key, value, param) in [
                ("bytes", (8 << 30) + 1 as Any, "bytes"), ("purpose", "fine-tune-results" as Any, "purpose"),
                ("filename", "t.csv" as Any, "filename"),
            ] {
                var body = base
                body[key] = value
                let answer = try await HTTP.json("POST", uploads, body)
                #expect(answer.status == 400 && errorParam(answer) == param, "\(key)=\(value)")
            }
            var noMime = base
            noMime["mime_type"] = nil
            #expect(errorParam(try await HTTP.json("POST", uploads, noMime)) == "mime_type")
            let created = try await HTTP.json("POST", uploads, base)
            let createdAt = try #require(created.object["created_at"] as? Int)
            #expect(created.object["expires_at"] as? Int == createdAt + 3600, "an upload lives one hour")
        }
    }

    @Test func aPartOver64MBIsRefused() async throws {
        let simulator = try await OpenAISimulator.start(.init())
        try await withTearDown({ try await simulator.shutdown() }) {
            let upload = try await begin(simulator, bytes: (64 << 20) + 1)
            let tooBig = try await part(simulator, upload, [UInt8](repeating: 0x61, count: (64 << 20) + 1))
            #expect(tooBig.status == 400 && errorParam(tooBig) == "data")
        }
    }

    @Test func anExpiredOrCancelledUploadTakesNoPartsAndCannotComplete() async throws {
        let simulator = try await OpenAISimulator.start(.init())
        try await withTearDown({ try await simulator.shutdown() }) {
            let expiring = try await begin(simulator, bytes: hello.count)
            let id = try #require(try await part(simulator, expiring, hello).object["id"] as? String)
            simulator.expireUploads()
            #expect(try await part(simulator, expiring, hello).status == 400)
            let late = try await complete(simulator, expiring, [id])
            #expect(late.status == 400)
            #expect(((late.object["error"] as? [String: Any])?["message"] as? String)?.contains("expired") == true)
            #expect(
                try await HTTP.request("POST", simulator.baseURL.appendingPathComponent("uploads/\(expiring)/cancel"))
                    .status == 400)

            let cancelling = try await begin(simulator, bytes: hello.count)
            let cancelled = try await HTTP.request(
                "POST", simulator.baseURL.appendingPathComponent("uploads/\(cancelling)/cancel"))
            #expect(cancelled.status == 200 && cancelled.object["status"] as? String == "cancelled")
            #expect(try await part(simulator, cancelling, hello).status == 400)

            let listed = try await HTTP.request("GET", simulator.adminURL.appendingPathComponent("uploads"))
            let statuses = (listed.object["uploads"] as? [[String: Any]])?.compactMap { $0["status"] as? String }
            #expect(statuses == ["expired", "cancelled"])
        }
    }

    @Test func anUploadsLifetimeIsConfigurable() async throws {
        var configuration = SimulatorConfiguration()
        configuration.uploadLifetime = 0.5
        let simulator = try await OpenAISimulator.start(configuration)
        try await withTearDown({ try await simulator.shutdown() }) {
            let upload = try await begin(simulator, bytes: hello.count)
            try await Task.sleep(for: .milliseconds(700))
            #expect(try await part(simulator, upload, hello).status == 400)
        }
    }
}
