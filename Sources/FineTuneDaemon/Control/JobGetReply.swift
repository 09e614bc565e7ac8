import ControlProtocol
import Varlink

/// `Jobs.Get`'s reply: a `Wire.JobReply` whose hyperparameters are the JSON object text the
/// store keeps (`JobDetail.hyperparametersJSON`, taken by SQLite from the job's API JSON), written
/// into the reply as they are, not parsed and written again. The same JSON value as
/// `Wire.Job(record)` derives from the raw JSON; only the members' order may differ, which
/// JSON objects do not promise (and the `JSONValue` path never kept).
struct JobGetReply: VarlinkDirectParameters {
    /// The job, its `hyperparameters` unset.
    var job: Wire.Job
    /// The hyperparameters as JSON object text, or nil for none.
    var hyperparametersJSON: String?

    func writeParameters(to writer: inout JSONWriter) throws {
        writer.write(raw: #"{"job":"#)
        try job.write(to: &writer, hyperparametersJSON: hyperparametersJSON)
        writer.write(raw: UInt8(ascii: "}"))
    }

    /// The same reply through `Encodable` (not the server's path: it writes directly).
    func encode(to encoder: any Encoder) throws {
        var job = job
        job.hyperparameters = hyperparametersJSON.flatMap(jsonObject)
        try Wire.JobReply(job: job).encode(to: encoder)
    }
}
