import DaemonMetrics
import Foundation
import JobStore
import OpenAIFineTuning
import TrainingData

extension Daemon {
    /// Stores a new submission (state `received`) before anything else happens to it.
    func createSubmission(_ request: SubmissionRequest, requestedBy uid: Int64?) throws -> SubmissionRecord {
        guard let (config, _) = clients?.client(for: request.account) else {
            throw DaemonError.noSuchAccount(request.account ?? "(default)")
        }
        let encoded = String(decoding: try JSONEncoder().encode(request), as: UTF8.self)
        let record = SubmissionRecord(
            id: UUID().uuidString.lowercased(), account: config.name, trainingFilePath: request.training_file,
            validationFilePath: request.validation_file, requestJSON: encoded, requestedByUID: uid)
        try store.createSubmission(record)
        return try store.submission(id: record.id) ?? record
    }

    /// Carries a stored submission to a job (see `Submitter`). On a transient API failure the
    /// error is thrown to the caller and the submission goes on in the background (`retryLater`).
    func runSubmission(
        _ submission: SubmissionRecord, request: SubmissionRequest,
        progress: @escaping @Sendable (Submitter.Progress) async -> Void
    ) async throws -> JobRecord {
        do {
            return try await execute(submission, request: request, progress: progress)
        } catch let error as OpenAIError where !error.isFinal {
            retryLater(submission.id, request: request, attempt: 0)
            throw error
        }
    }

    /// Tries an unfinished submission again after a growing delay, until it is created or fails
    /// for good. Each try resumes from the state the store holds.
    func retryLater(_ submissionID: String, request: SubmissionRequest, attempt: Int) {
        let delay = min(options.submissionRetryDelay * (1 << min(attempt, 10)), .seconds(600))
        logger.notice("submission \(submissionID) will be tried again in \(delay)")
        Task { [weak self] in
            try? await Task.sleep(for: delay)
            guard let self, let submission = try? store.submission(id: submissionID), !submission.state.isFinal else { return }
            do {
                _ = try await execute(submission, request: request) { _ in }
            } catch let error as OpenAIError where !error.isFinal {
                retryLater(submissionID, request: request, attempt: attempt + 1)
            } catch {
                logger.error("submission \(submissionID) did not complete: \(error)")
            }
        }
    }

    /// One run of the submitter over a stored submission, and the news of its job. A submission
    /// already being run (a resume racing a retry, say) is not run a second time at once.
    private func execute(
        _ submission: SubmissionRecord, request: SubmissionRequest,
        progress: @escaping @Sendable (Submitter.Progress) async -> Void
    ) async throws -> JobRecord {
        guard let configuration, let (account, client) = clients?.client(for: submission.account) else {
            throw DaemonError.noSuchAccount(submission.account)
        }
        guard activeSubmissions.withLock({ $0.insert(submission.id).inserted }) else {
            throw DaemonError.submissionBusy(submission.id)
        }
        defer { _ = activeSubmissions.withLock { $0.remove(submission.id) } }
        var prices = PriceTable.shippedDefaults
        for (model, price) in configuration.trainingPrices { prices.usdPerMillionTrainingTokens[model] = price }
        let submitter = Submitter(
            store: store, account: account, client: client, prices: prices,
            maxEstimatedCost: configuration.maxEstimatedCost, createLandingMargin: options.createLandingMargin,
            logger: logger)
        let job: JobRecord
        do {
            job = try await submitter.run(submission, request: request, progress: progress)
            metrics.submissionEnded(outcome: .created)
        } catch {
            metrics.submissionEnded(outcome: SubmissionOutcome(error))
            throw error
        }
        reporter?.reportSubmitted(job, submissionID: submission.id)
        feed.publish(.init(job: job, newEvents: []))
        poller?.pollNow()
        return job
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

    /// Carries on the given unfinished submissions in the background.
    func resume(_ unfinished: [SubmissionRecord]) {
        for submission in unfinished {
            guard let data = submission.requestJSON.data(using: .utf8),
                let request = try? JSONDecoder().decode(SubmissionRequest.self, from: data)
            else {
                logger.error("submission \(submission.id) has an unreadable request; leaving it")
                continue
            }
            logger.notice("resuming submission \(submission.id) from state \(submission.state.rawValue)")
            Task {
                do {
                    _ = try await runSubmission(submission, request: request) { _ in }
                } catch {
                    logger.error("resumed submission \(submission.id) did not complete: \(error)")
                }
            }
        }
    }
}
