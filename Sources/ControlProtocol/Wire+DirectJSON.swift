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
        writer.writeMember(#","fine_tuned_model":"#, fine_tuned_model)
        writer.write(raw: #","created_at":"#)
        writer.write(created_at)
        writer.writeMember(#","finished_at":"#, finished_at)
        writer.writeMember(#","estimated_finish":"#, estimated_finish)
        writer.writeMember(#","trained_tokens":"#, trained_tokens)
        writer.writeMember(#","training_file":"#, training_file)
        writer.writeMember(#","validation_file":"#, validation_file)
        writer.writeMember(#","suffix":"#, suffix)
        if let error {
            writer.write(raw: #","error":"#)
            error.write(to: &writer)
        }
        writer.write(raw: #","tracked":"#)
        writer.write(tracked)
        writer.write(raw: #","watched":"#)
        writer.write(watched)
        writer.writeMember(#","submission_id":"#, submission_id)
        writer.writeMember(#","last_polled_at":"#, last_polled_at)
        writer.writeMember(#","method":"#, method)
        if let hyperparametersJSON {
            writer.write(raw: #","hyperparameters":"#)
            writer.bytes.append(contentsOf: hyperparametersJSON.utf8)
        } else if let hyperparameters {
            writer.write(raw: #","hyperparameters":"#)
            try writer.write(hyperparameters)
        }
        writer.writeMember(#","billed_tokens":"#, billed_tokens)
        try writer.writeMember(#","estimated_cost":"#, estimated_cost)
        writer.writeMember(#","submitted_file":"#, submitted_file)
        writer.writeMember(#","migrated_from":"#, migrated_from)
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

extension JSONWriter {
    /// Writes `prefix` (the comma and quoted key with its colon) and `value`, or nothing when
    /// `value` is nil, as a synthesized `Encodable` conformance leaves nil members out.
    fileprivate mutating func writeMember(_ prefix: StaticString, _ value: String?) {
        guard let value else { return }
        write(raw: prefix)
        write(value)
    }

    fileprivate mutating func writeMember(_ prefix: StaticString, _ value: Int64?) {
        guard let value else { return }
        write(raw: prefix)
        write(value)
    }

    /// - Throws: ``JSONWriter/NonFinite`` for a non-finite `value`.
    fileprivate mutating func writeMember(_ prefix: StaticString, _ value: Double?) throws {
        guard let value else { return }
        write(raw: prefix)
        try write(value)
    }
}
