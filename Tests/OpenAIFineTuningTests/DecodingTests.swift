import Foundation
import OpenAIFineTuning
import Testing

/// Tolerant where the real API is loose (reference §9), strict where it matters.
@Suite struct DecodingTests {
    func job(_ json: String) throws -> FineTuningJob {
        try JSONDecoder().decode(FineTuningJob.self, from: Data(json.utf8))
    }

    let base =
        #""id":"ftjob-1","object":"fine_tuning.job","created_at":1700000000,"model":"gpt-4o-mini-2024-07-18","training_file":"file-1""#

    @Test func emptyAndAllNullErrorsAreNoError() throws {
        #expect(try job("{\(base),\"status\":\"running\",\"error\":{}}").error == nil)
        #expect(
            try job("{\(base),\"status\":\"running\",\"error\":{\"code\":null,\"message\":null,\"param\":null}}").error
                == nil)
        #expect(try job("{\(base),\"status\":\"running\",\"error\":null}").error == nil)
        let failed = try job(
            "{\(base),\"status\":\"failed\",\"error\":{\"code\":\"invalid_training_file\",\"message\":\"bad\",\"param\":\"training_file\"}}"
        )
        #expect(failed.error == JobError(code: "invalid_training_file", message: "bad", param: "training_file"))
    }

    @Test func statusIsOpenAndUnknownFieldsAreIgnored() throws {
        let paused = try job(
            "{\(base),\"status\":\"paused\",\"user_provided_suffix\":null,\"usage_metrics\":null,\"shared_with_openai\":false,\"brand_new_field\":[1,2]}"
        )
        #expect(paused.status == .paused && !paused.status.isTerminal)
        let future = try job("{\(base),\"status\":\"hibernating\"}")
        #expect(future.status.rawValue == "hibernating" && !future.status.isTerminal)
    }

    @Test func nullHyperparametersAndAutoValuesDecode() throws {
        #expect(try job("{\(base),\"status\":\"queued\",\"hyperparameters\":null}").hyperparameters == nil)
        let auto = try job(
            "{\(base),\"status\":\"queued\",\"hyperparameters\":{\"n_epochs\":\"auto\",\"batch_size\":4,\"learning_rate_multiplier\":0.5}}"
        )
        #expect(auto.hyperparameters?.nEpochs == .auto)
        #expect(auto.hyperparameters?.batchSize == .value(4))
        #expect(auto.hyperparameters?.learningRateMultiplier == .value(0.5))
    }

    @Test func missingOrMistypedEssentialsAreRejected() {
        #expect(throws: DecodingError.self) {
            try job(#"{"object":"fine_tuning.job","created_at":1,"model":"m","training_file":"f","status":"queued"}"#)
        }
        #expect(throws: DecodingError.self) {
            try job(#"{"id":"x","created_at":"yesterday","model":"m","training_file":"f","status":"queued"}"#)
        }
    }

    @Test func unknownEventTypesAndNullDataDecode() throws {
        let decoder = JSONDecoder()
        let moderation = try decoder.decode(
            FineTuningJobEvent.self,
            from: Data(
                #"{"id":"ftevent-1","object":"fine_tuning.job.event","created_at":1,"level":"warn","message":"m","type":"moderation_checks","data":null}"#
                    .utf8))
        #expect(moderation.type?.rawValue == "moderation_checks" && moderation.data == nil && moderation.metrics == nil)
        let metrics = try decoder.decode(
            FineTuningJobEvent.self,
            from: Data(
                #"{"id":"ftevent-2","object":"fine_tuning.job.event","created_at":1,"level":"info","message":"Step 3/10","type":"metrics","data":{"step":3,"total_steps":10,"train_loss":1.25}}"#
                    .utf8))
        #expect(metrics.metrics?.step == 3 && metrics.metrics?.totalSteps == 10 && metrics.metrics?.trainLoss == 1.25)
    }

    @Test func modelsWithoutHasMoreAreOnePage() throws {
        let page = try JSONDecoder().decode(
            ListPage<Model>.self,
            from: Data(
                #"{"object":"list","data":[{"id":"gpt-4o","object":"model","created":1,"owned_by":"system","shutdown_date":"2027-01-27"}]}"#
                    .utf8))
        #expect(page.hasMore == false && page.data[0].shutdownDate == "2027-01-27")
    }

    @Test func createRequestsLeaveOutWhatIsNotSet() throws {
        let body = try JSONEncoder().encode(CreateFineTuningJobRequest(model: "gpt-4o-mini", trainingFile: "file-1"))
        let object = try JSONSerialization.jsonObject(with: body) as? [String: Any]
        #expect(object?.keys.sorted() == ["model", "training_file"])
    }
}
