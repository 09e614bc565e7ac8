import ControlProtocol
import Testing
import Varlink

/// `Jobs.Get`'s reply written directly (`Wire.JobReply`'s `VarlinkDirectParameters`) is the same
/// text its `Encodable` conformance gives: every member, in order, `nil` ones left out.
@Suite struct WireDirectJSONTests {
    private func direct(_ reply: Wire.JobReply) throws -> String {
        var writer = JSONWriter()
        try reply.writeParameters(to: &writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    private func encoded(_ reply: Wire.JobReply) throws -> String {
        String(decoding: try JSONStreamEncoder().encode(reply), as: UTF8.self)
    }

    @Test func aJobWithEveryFieldIsWrittenAsItsEncodableForm() throws {
        var job = Wire.Job(
            id: "ftjob-1", account: "team \"a\"", status: "failed", model: "gpt-4o-mini", created_at: 1_700_000_000,
            tracked: true, watched: false)
        job.fine_tuned_model = "ft:gpt-4o-mini:org::x"
        job.finished_at = 1_700_000_500
        job.estimated_finish = -3
        job.trained_tokens = 12_345
        job.training_file = "file-train"
        job.validation_file = "file-valid"
        job.suffix = "line\nbreak\\"
        job.error = Wire.JobError(code: "invalid_file", message: nil, param: "training_file")
        job.submission_id = "sub-1"
        job.last_polled_at = 1_700_000_600
        job.method = "supervised"
        job.hyperparameters = .object(["n_epochs": .integer(3)])
        job.billed_tokens = 12_345
        job.estimated_cost = 0.037035
        job.submitted_file = "/data/tränings.jsonl"
        job.migrated_from = "ftjob-0"
        job.migrated_to = ["ftjob-2", "ftjob-3"]
        let reply = Wire.JobReply(job: job)
        #expect(try direct(reply) == (try encoded(reply)))
    }

    @Test func aJobWithOnlyItsRequiredFieldsIsWrittenAsItsEncodableForm() throws {
        var job = Wire.Job(
            id: "ftjob-1", account: "default", status: "running", model: "m", created_at: 0, tracked: false,
            watched: true)
        #expect(try direct(Wire.JobReply(job: job)) == (try encoded(Wire.JobReply(job: job))))
        job.error = Wire.JobError(code: nil, message: nil, param: nil)
        job.migrated_to = []
        job.estimated_cost = 2
        #expect(try direct(Wire.JobReply(job: job)) == (try encoded(Wire.JobReply(job: job))))
    }

    @Test func aNonFiniteCostIsAnErrorAsWithEncodable() throws {
        var job = Wire.Job(
            id: "ftjob-1", account: "default", status: "running", model: "m", created_at: 0, tracked: false,
            watched: false)
        job.estimated_cost = .infinity
        #expect(throws: JSONWriter.NonFinite.self) { try direct(Wire.JobReply(job: job)) }
        #expect(throws: JSONWriter.NonFinite.self) { try encoded(Wire.JobReply(job: job)) }
    }

    @Test func storedHyperparametersTextIsWrittenInPlaceOfTheValue() throws {
        var job = Wire.Job(
            id: "ftjob-1", account: "default", status: "running", model: "m", created_at: 0, tracked: false,
            watched: false)
        job.method = "supervised"
        job.billed_tokens = 5
        var writer = JSONWriter()
        try job.write(to: &writer, hyperparametersJSON: #"{"n_epochs":3}"#)
        job.hyperparameters = .object(["n_epochs": .integer(3)])
        #expect(
            String(decoding: writer.bytes, as: UTF8.self)
                == String(decoding: try JSONStreamEncoder().encode(job), as: UTF8.self))
    }
}
