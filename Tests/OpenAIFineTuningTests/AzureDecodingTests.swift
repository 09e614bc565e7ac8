import Foundation
import OpenAIFineTuning
import Testing

/// Azure's shapes read without a server: dated-API jobs, error envelopes' meanings, no model ids (TrainingDataTests has those).
@Suite struct AzureDecodingTests {
    @Test func aDatedAPIJobDecodesItsStatusSuffixAndAutoHyperparameters() throws {
        let json = """
            {"id":"ftjob-72a2792ef7d24ba7b82c7fe4a37e379f","object":"fine_tuning.job","created_at":1700000000,
             "model":"gpt-4o-mini-2024-07-18","status":"resuming","training_file":"file-1","result_files":[],
             "suffix":"ta","hyperparameters":{"n_epochs":-1,"batch_size":-1,"learning_rate_multiplier":-1},
             "trainingType":"developer","organisation_id":""}
            """
        let job = try JSONDecoder().decode(FineTuningJob.self, from: Data(json.utf8))
        #expect(job.status == .resuming && job.status.phase == .training && !job.status.isTerminal)
        #expect(job.userProvidedSuffix == "ta")
        #expect(job.trainingType == "developer")
        #expect(job.hyperparameters?.nEpochs == .auto)
        #expect(job.hyperparameters?.learningRateMultiplier == .auto)
        #expect(JobStatus(rawValue: "created").phase == .waiting)
        #expect(JobStatus(rawValue: "something-new").phase == .unknown)
    }

    @Test func errorsAreReadByMeaningNotStatus() {
        let missingVersion = OpenAIError(
            kind: .api, status: 404, code: "404", message: "Resource not found", request: "GET /x")
        #expect(missingVersion.isWrongEndpoint && !missingVersion.isObjectNotFound)
        let missingJob = OpenAIError(
            kind: .api, status: 404, code: "notFound", message: "The job ftjob-1 was not found", request: "GET /x")
        #expect(missingJob.isObjectNotFound && !missingJob.isWrongEndpoint)
        let badVersion = OpenAIError(
            kind: .api, status: 400, code: "BadRequest", message: "API version not supported", request: "GET /x")
        #expect(badVersion.isWrongEndpoint)
        let deployment = OpenAIError(
            kind: .api, status: 404, code: "DeploymentNotFound", message: "The API deployment …", request: "POST /x")
        #expect(!deployment.isObjectNotFound)
        let full = OpenAIError(kind: .api, status: 400, code: "quotaExceeded", message: "full", request: "POST /x")
        #expect(full.isResourceQuotaExceeded && !full.isFinal)
    }
}
