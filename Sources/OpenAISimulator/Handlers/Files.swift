import Foundation

/// `/files`: upload (multipart), list, retrieve, delete, content.
extension SimulatorCore {
    static let filePurposes: Set<String> = ["assistants", "batch", "fine-tune", "vision", "user_data", "evals"]

    func uploadFile(_ request: SimRequest, _ state: inout SimulatorState) -> SimResponse {
        guard let form = Multipart.parse(request) else {
            return .badRequest("The request must be multipart/form-data with a 'file' and a 'purpose'.")
        }
        guard let file = form.first(where: { $0.name == "file" && $0.filename != nil }) else {
            return .badRequest("Missing required parameter: 'file'.", param: "file")
        }
        guard let purpose = form.first(where: { $0.name == "purpose" })?.text else {
            return .badRequest("Missing required parameter: 'purpose'.", param: "purpose")
        }
        guard Self.filePurposes.contains(purpose) else {
            return .badRequest("'\(purpose)' is not one of \(Self.filePurposes.sorted()) - 'purpose'", param: "purpose")
        }
        if purpose == "fine-tune" && !(file.filename ?? "").hasSuffix(".jsonl") {
            return .badRequest("Invalid file format for Fine-Tuning API. Must be .jsonl", param: "file")
        }
        if state.azureAPI != nil,
            state.files.values.filter({ $0.purpose == "fine-tune" && $0.resultsOfJob == nil }).count
                >= configuration.azure.fileLimit
        {
            return Self.azureQuotaExceeded(
                "The resource holds \(configuration.azure.fileLimit) fine-tuning files, its quota; delete some first.")
        }
        if file.data.count > 512 << 20 {
            return .error(413, "File is too large: the Files API accepts up to 512 MB; use the Uploads API.")
        }
        return storeFile(bytes: file.data, filename: file.filename ?? "file", purpose: purpose, &state)
    }

    func storeFile(
        bytes: ArraySlice<UInt8>, filename: String, purpose: String,
        _ state: inout SimulatorState
    ) -> SimResponse {
        let id = derivedID("file-", "file/\(state.nextSerial())/\(now)")
        do {
            try Data(bytes).write(to: fileURL(id))
        } catch {
            return .error(500, "could not store the file: \(error)", type: "server_error")
        }
        let record = SimFile(id: id, bytes: bytes.count, createdAt: now, filename: filename, purpose: purpose)
        state.insert(record)
        return .json(record.json)
    }

    func listFiles(_ request: SimRequest, _ state: inout SimulatorState) -> SimResponse {
        let purpose = request.query["purpose"]
        var items = allFiles(state).filter { purpose == nil || $0.purpose == purpose }
        if request.query["order"] != "asc" { items.reverse() }
        let limit = min(10_000, max(1, Int(request.query["limit"] ?? "") ?? 10_000))
        var adjusted = request
        adjusted.query["limit"] = String(limit)
        return page(items.map(\.json), adjusted, defaultLimit: limit, withBounds: true)
    }

    func retrieveFile(_ id: String, _ state: inout SimulatorState) -> SimResponse {
        guard let file = findFile(id, state) else { return fileNotFound(id) }
        return .json(file.json)
    }

    func deleteFile(_ id: String, _ state: inout SimulatorState) -> SimResponse {
        guard state.files.removeValue(forKey: id) != nil else { return fileNotFound(id) }
        state.fileOrder.removeAll { $0 == id }
        try? FileManager.default.removeItem(at: fileURL(id))
        state.dirty = true
        return .json(.object([("id", .string(id)), ("object", .string("file")), ("deleted", .bool(true))]))
    }

    func fileContent(_ id: String, _ state: inout SimulatorState) -> SimResponse {
        guard let file = findFile(id, state) else { return fileNotFound(id) }
        let bytes: [UInt8]
        if let jobID = file.resultsOfJob, let job = state.jobs[jobID] {
            bytes = Array(resultsCSV(job).utf8)
        } else {
            bytes = (try? [UInt8](Data(contentsOf: fileURL(id)))) ?? []
        }
        return SimResponse(status: 200, headers: [("content-type", "application/octet-stream")], body: bytes)
    }

    func fileNotFound(_ id: String) -> SimResponse {
        .notFound("No such File object: \(id)", param: "id")
    }

    /// Stored files plus the results files of succeeded jobs, which exist without being stored.
    func allFiles(_ state: SimulatorState) -> [SimFile] {
        var files = state.fileOrder.compactMap { state.files[$0] }
        for id in state.jobOrder {
            guard let job = state.jobs[id], let file = resultsFile(job) else { continue }
            files.append(file)
        }
        return files.sorted { $0.createdAt < $1.createdAt }
    }

    func findFile(_ id: String, _ state: SimulatorState) -> SimFile? {
        if let file = state.files[id] { return file }
        guard id.hasPrefix("file-") else { return nil }
        for jobID in state.jobOrder.reversed() {
            if let job = state.jobs[jobID], job.resultFileID == id { return resultsFile(job) }
        }
        return nil
    }

    private func resultsFile(_ job: SimJob) -> SimFile? {
        let timeline = JobTimeline(job: job, now: now)
        guard let end = timeline.ending, end.status == "succeeded" else { return nil }
        return SimFile(
            id: job.resultFileID, bytes: resultsCSV(job).utf8.count, createdAt: end.at,
            filename: "step_metrics.csv", purpose: "fine-tune-results", resultsOfJob: job.id)
    }

    /// The results CSV of a succeeded job: one row per step with a metric.
    func resultsCSV(_ job: SimJob) -> String {
        let timeline = JobTimeline(job: job, now: now)
        var csv = "step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy\n"
        for step in 1...max(1, job.plan.totalSteps) {
            let values = Dictionary(uniqueKeysWithValues: timeline.metrics(step: step).map { ($0.0, $0.1.double) })
            func cell(_ key: String) -> String { values[key]??.description ?? "" }
            csv +=
                "\(step),\(cell("train_loss")),\(cell("train_mean_token_accuracy")),\(cell("valid_loss")),\(cell("valid_mean_token_accuracy"))\n"
        }
        return csv
    }
}
