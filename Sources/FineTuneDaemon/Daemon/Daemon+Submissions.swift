import DaemonMetrics
import FoundationEssentials
import JobStore
import OpenAIFineTuning
import TrainingData

/// Submissions: stored first, then carried to a job by a run of their own, a child task of the
/// submission runner service (`SubmissionRuns`), off the tasks that serve the control socket. A transient failure is a state (waiting, with the reason and
/// the next attempt, stored); only final outcomes end a runner with an error.
extension Daemon {
    /// Stores a new submission (state `received`) before anything else happens to it.
    func createSubmission(_ request: SubmissionRequest, requestedBy uid: Int64?) throws -> SubmissionRecord {
        guard let (config, _) = clients?.client(for: request.account) else {
            throw DaemonError.noSuchAccount(request.account ?? "(default)")
        }
        let encoded = String(decoding: try JSONEncoder().encode(request), as: UTF8.self)
        let record = SubmissionRecord(
            id: UUID().uuidString.lowercased(), account: config.name, trainingFilePath: request.trainingFileName,
            validationFilePath: request.validationFileName, requestJSON: encoded, requestedByUID: uid)
        try store.createSubmission(record)
        return try store.submission(id: record.id) ?? record
    }

    /// Starts the runner of a stored submission (unless it runs already) and, with `follow`,
    /// returns its events until it ends or waits.
    @discardableResult
    func startSubmission(
        _ id: String, request: SubmissionRequest, sources: SubmissionSources? = nil, follow: Bool
    ) -> AsyncStream<SubmissionEvent> {
        // A strong capture: the run is a child task of the submission runner, which the daemon's
        // service group cancels and awaits at shutdown, so the daemon outlives it. (A weak one
        // drew "weak reference will always be nil" from the optimizer in release builds.)
        submissionRuns.start(id, follow: follow) { runs in
            await self.carry(id, request: request, sources: sources, runs: runs)
        }
    }

    /// Starts (or joins) the runner of a stored submission and waits for its first outcome: the
    /// job, or the error that ended it (`Submitter.Failure`) or made it wait (then the runner goes
    /// on by itself at the stored next attempt).
    func runSubmission(
        _ submission: SubmissionRecord, request: SubmissionRequest,
        progress: @escaping @Sendable (Submitter.Progress) async -> Void
    ) async throws -> JobRecord {
        for await event in startSubmission(submission.id, request: request, follow: true) {
            switch event {
            case .progress(let step): await progress(step)
            case .waiting(_, let error): throw error
            case .created(let job): return job
            case .failed(let failure): throw failure
            case .cancelled: throw Submitter.Failure.cancelled
            }
        }
        throw CancellationError()
    }

    /// Cancels a submission whose job does not exist yet: stored as cancelled first (so a runner
    /// cannot save a later step), then its runner is stopped. A create that may have been sent
    /// can still land: the runner cancels a job it gets back, and the poll loop cancels any job
    /// carrying a cancelled submission's tag.
    func cancelSubmission(_ id: String) throws -> SubmissionRecord {
        let record = try store.cancelSubmission(id: id)
        submissionRuns.cancel(id)
        submissionRuns.publish(id, .cancelled)
        logger.notice(
            "submission \(id) cancelled\(record.createSentAt != nil ? "; a job that lands for it will be cancelled" : "")"
        )
        if record.createSentAt != nil {
            sweepLandedJobs(of: record)
            poller?.pollNow()
        }
        return record
    }

    /// A cancelled submission whose create may have been sent: its job may land any time until
    /// the create's landing window ends. The jobs carrying its tag are looked up now and once
    /// that window has passed, and each that has not ended is cancelled (before it trains,
    /// cancelling costs nothing). The poll loop cancels any it sees later, too.
    private func sweepLandedJobs(of record: SubmissionRecord) {
        guard let sent = record.createSentAt, let (account, client) = clients?.client(for: record.account) else {
            return
        }
        let landed = sent + (account.requestTimeout + options.createLandingMargin).seconds
        let store = store
        let logger = logger
        background.add {
            // Once a second until the create has surely landed.
            var time = Date().timeIntervalSince1970
            while time <= landed + 30 {
                let wait = time - Date().timeIntervalSince1970
                if wait > 0 {
                    do { try await Task.sleep(for: .milliseconds(Int64(wait * 1000))) } catch { return }
                }
                time = time > landed ? landed + 31 : time + 1
                guard
                    let jobs = try? await client.jobs(
                        taggedWith: SubmissionTag.metadataKey, value: record.id,
                        createdSince: Int(record.createdAt) - SubmissionTag.clockSkewSeconds)
                else {
                    continue
                }
                for job in jobs where !job.status.isTerminal {
                    do {
                        _ = try await client.cancelJob(job.id)
                        try? store.recordDuplicateJobs(submissionID: record.id, jobIDs: [job.id])
                        logger.notice(
                            "submission \(record.id) was cancelled; cancelled job \(job.id), which its create made")
                    } catch {
                        logger.warning(
                            "submission \(record.id) was cancelled; cannot cancel its job \(job.id) yet: \(error)")
                    }
                }
            }
        }
    }

    /// Runs a submission until it is created, fails for good, or is cancelled. Each try resumes
    /// from the state the store holds; between tries it waits until its stored next attempt.
    private func carry(
        _ id: String, request: SubmissionRequest, sources: SubmissionSources?, runs: SubmissionRuns
    ) async {
        while !Task.isCancelled {
            guard let submission = try? store.submission(id: id), !submission.state.isFinal else { return }
            if let next = submission.nextAttemptAt {
                let wait = next - Date().timeIntervalSince1970
                if wait > 0 {
                    do {
                        try await Task.sleep(for: .milliseconds(Int64(wait * 1000)))
                    } catch {
                        return
                    }
                }
                try? store.clearSubmissionWaiting(id: id)
            }
            do {
                let job = try await execute(submission, request: request, sources: sources) {
                    runs.publish(id, .progress($0))
                }
                runs.publish(id, .created(job))
                return
            } catch Submitter.Failure.cancelled {
                runs.publish(id, .cancelled)
                return
            } catch let failure as Submitter.Failure {
                runs.publish(id, .failed(failure))
                await deleteOrphans(of: id)
                return
            } catch {
                if (try? store.submission(id: id))?.cancelledAt != nil {
                    runs.publish(id, .cancelled)
                    return
                }
                // The daemon is stopping: the submission resumes from its stored state.
                if Task.isCancelled { return }
                let attempts = (try? store.submission(id: id))?.attempts ?? 0
                let delay = Self.retryDelay(after: attempts, first: options.submissionRetryDelay, error: error)
                let next = Date().timeIntervalSince1970 + delay.seconds
                let reason = (error as? OpenAIError)?.description ?? String(describing: error)
                guard let waiting = try? store.recordSubmissionWaiting(id: id, error: reason, nextAttemptAt: next)
                else {
                    logger.error("submission \(id): cannot store its waiting state: \(error)")
                    return
                }
                logger.notice("submission \(id) waits: \(reason); next attempt in \(Int(delay.seconds.rounded(.up))) s")
                runs.publish(id, .waiting(waiting, error: error))
            }
        }
    }

    /// The wait before the next try: the API's Retry-After when it gave one, else `first`
    /// doubled per attempt, at most ten minutes.
    /// An Azure resource whose fine-tuning quota is full (`quotaExceeded`) is asked again at
    /// most a minute later: a slot frees when one of its jobs ends, and the submission should
    /// go out soon after.
    static func retryDelay(after attempts: Int, first: Duration, error: any Error) -> Duration {
        if let retryAfter = (error as? OpenAIError)?.retryAfter, retryAfter > .zero {
            return min(retryAfter, .seconds(600))
        }
        if (error as? OpenAIError)?.isResourceQuotaExceeded == true {
            return min(first * (1 << min(attempts, 10)), .seconds(60))
        }
        return min(first * (1 << min(attempts, 10)), .seconds(600))
    }

    /// One run of the submitter over a stored submission, and the news of its job.
    private func execute(
        _ submission: SubmissionRecord, request: SubmissionRequest, sources: SubmissionSources?,
        progress: @escaping @Sendable (Submitter.Progress) async -> Void
    ) async throws -> JobRecord {
        guard let configuration, let (account, client) = clients?.client(for: submission.account) else {
            throw DaemonError.noSuchAccount(submission.account)
        }
        var prices = PriceTable.shippedDefaults
        for (model, price) in configuration.trainingPrices { prices.usdPerMillionTrainingTokens[model] = price }
        var submitter = Submitter(
            store: store, account: account, client: client, prices: prices,
            maxEstimatedCost: configuration.maxEstimatedCost, createLandingMargin: options.createLandingMargin,
            logger: logger, contentStore: contentStore, sources: sources)
        submitter.modelCheck = modelCheck
        submitter.uploads = configuration.uploads
        submitter.uploadGate = uploadGate
        defer { tidyContentStore() }
        let job: JobRecord
        do {
            job = try await submitter.run(submission, request: request, progress: progress)
            metrics.submissionEnded(outcome: .created)
        } catch {
            metrics.submissionEnded(outcome: SubmissionOutcome(error))
            throw error
        }
        updates.submitted(job, submissionID: submission.id)
        return job
    }

    /// Deletes the files a submission that failed for good uploaded, unless another submission
    /// uses them (no orphans left on the account). A file recorded for reuse is checked and
    /// deleted while its content key is held (``UploadGate``), so no submission can take it up
    /// meanwhile; once deleted it is no longer offered for reuse. A failure to delete is logged,
    /// not retried.
    private func deleteOrphans(of id: String) async {
        guard let submission = try? store.submission(id: id), submission.state == .failed,
            let (_, client) = clients?.client(for: submission.account)
        else { return }
        for fileID in [submission.trainingFileID, submission.validationFileID].compactMap({ $0 }) {
            let key = try? store.uploadKey(ofFile: fileID)
            if let key { await uploadGate.acquire(key) }
            await deleteOrphan(fileID, of: id, client: client)
            if let key { uploadGate.release(key) }
        }
    }

    private func deleteOrphan(_ fileID: String, of id: String, client: OpenAIClient) async {
        guard (try? store.submissionsUsingFile(fileID, excluding: id)) == 0 else {
            logger.info("submission \(id) failed; file \(fileID) is kept: another submission uses it")
            return
        }
        let failure: OpenAIError?
        do {
            _ = try await client.deleteFile(fileID)
            failure = nil
        } catch {
            failure = error
        }
        if failure == nil || (failure?.kind == .api && failure?.status == 404) { try? store.forgetUploadedFile(fileID) }
        if let failure {
            logger.warning("submission \(id) failed; cannot delete its uploaded file \(fileID): \(failure)")
        } else {
            logger.notice("submission \(id) failed; deleted its uploaded file \(fileID)")
        }
    }

    /// The submissions a previous run left unfinished (a crash, a stop mid-upload).
    func unfinishedSubmissions() -> [SubmissionRecord] {
        do {
            return try store.unfinishedSubmissions()
        } catch {
            logger.error("cannot read unfinished submissions: \(error)")
            return []
        }
    }

    /// Carries on the given unfinished submissions in the background, each from its stored
    /// state and at its stored next attempt.
    func resume(_ unfinished: [SubmissionRecord]) {
        for submission in unfinished {
            guard
                let request = try? JSONDecoder().decode(SubmissionRequest.self, from: Data(submission.requestJSON.utf8))
            else {
                logger.error("submission \(submission.id) has an unreadable request; leaving it")
                continue
            }
            logger.notice("resuming submission \(submission.id) from state \(submission.state.rawValue)")
            startSubmission(submission.id, request: request, follow: false)
        }
    }
}
