import Varlink

/// `Jobs.Get`'s reply written straight to JSON (``VarlinkDirectParameters``), without going
/// through `Encodable`: the same members in the same order as the synthesized conformances
/// (declaration order, `nil` left out), so clients decoding `Wire.JobReply` see no difference.
/// `WireDirectJSONTests` holds the two encodings equal.
extension Wire.JobReply: VarlinkDirectParameters {
    public func writeParameters(to writer: inout JSONWriter) throws {
        writer.write(raw: #"{"job":"#)
        try job.write(to: &writer)
        writer.write(raw: UInt8(ascii: "}"))
    }
}

extension Wire.Job {
    /// Appends the job's JSON object, as its `Encodable` conformance writes it.
    ///
    /// - Parameter hyperparametersJSON: when given, written as the `hyperparameters` member in
    ///   place of ``hyperparameters``: the text of one JSON object (as the store keeps it), which
    ///   the caller guarantees to be valid JSON.
    /// - Throws: ``JSONWriter/NonFinite`` for a non-finite `estimated_cost` or one inside
    ///   `hyperparameters`.
    public func write(to writer: inout JSONWriter, hyperparametersJSON: String? = nil) throws {
        writer.write(raw: #"{"id":"#)
        writer.write(id)
        writer.write(raw: #","account":"#)
        writer.write(account)
        writer.write(raw: #","status":"#)
        writer.write(status)
        writer.write(raw: #","model":"#)
        writer.write(model)
        if let fine_tuned_model {
            writer.write(raw: #","fine_tuned_model":"#)
            writer.write(fine_tuned_model)
        }
        writer.write(raw: #","created_at":"#)
        writer.write(created_at)
        if let finished_at {
            writer.write(raw: #","finished_at":"#)
            writer.write(finished_at)
        }
        if let estimated_finish {
            writer.write(raw: #","estimated_finish":"#)
            writer.write(estimated_finish)
        }
        if let trained_tokens {
            writer.write(raw: #","trained_tokens":"#)
            writer.write(trained_tokens)
        }
        if let training_file {
            writer.write(raw: #","training_file":"#)
            writer.write(training_file)
        }
        if let validation_file {
            writer.write(raw: #","validation_file":"#)
            writer.write(validation_file)
        }
        if let suffix {
            writer.write(raw: #","suffix":"#)
            writer.write(suffix)
        }
        if let error {
            writer.write(raw: #","error":"#)
            error.write(to: &writer)
        }
        writer.write(raw: #","tracked":"#)
        writer.write(tracked)
        writer.write(raw: #","watched":"#)
        writer.write(watched)
        if let submission_id {
            writer.write(raw: #","submission_id":"#)
            writer.write(submission_id)
        }
        if let last_polled_at {
            writer.write(raw: #","last_polled_at":"#)
            writer.write(last_polled_at)
        }
        if let method {
            writer.write(raw: #","method":"#)
            writer.write(method)
        }
        if let hyperparametersJSON {
            writer.write(raw: #","hyperparameters":"#)
            writer.bytes.append(contentsOf: hyperparametersJSON.utf8)
        } else if let hyperparameters {
            writer.write(raw: #","hyperparameters":"#)
            try writer.write(hyperparameters)
        }
        if let billed_tokens {
            writer.write(raw: #","billed_tokens":"#)
            writer.write(billed_tokens)
        }
        if let estimated_cost {
            writer.write(raw: #","estimated_cost":"#)
            try writer.write(estimated_cost)
        }
        if let submitted_file {
            writer.write(raw: #","submitted_file":"#)
            writer.write(submitted_file)
        }
        if let migrated_from {
            writer.write(raw: #","migrated_from":"#)
            writer.write(migrated_from)
        }
        if let migrated_to {
            writer.write(raw: #","migrated_to":["#)
            for (index, target) in migrated_to.enumerated() {
                if index > 0 { writer.write(raw: UInt8(ascii: ",")) }
                writer.write(target)
            }
            writer.write(raw: UInt8(ascii: "]"))
        }
        writer.write(raw: UInt8(ascii: "}"))
    }
}

extension Wire.JobError {
    /// Appends the error's JSON object, as its `Encodable` conformance writes it.
    public func write(to writer: inout JSONWriter) {
        writer.write(raw: UInt8(ascii: "{"))
        var first = true
        for (key, value) in [("code", code), ("message", message), ("param", param)] {
            guard let value else { continue }
            if !first { writer.write(raw: UInt8(ascii: ",")) }
            first = false
            writer.write(key)
            writer.write(raw: UInt8(ascii: ":"))
            writer.write(value)
        }
        writer.write(raw: UInt8(ascii: "}"))
    }
}
