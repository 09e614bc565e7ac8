/// How a request names its files.
extension SubmissionRequest {
    /// Whether the training data came as a descriptor (the daemon never opens the name then).
    var trainingByDescriptor: Bool { training_file_descriptor != nil }
    var validationByDescriptor: Bool { validation_file_descriptor != nil }

    /// What users see as the training file: the client's name for it, else the descriptor.
    var trainingFileName: String {
        training_file ?? training_file_descriptor.map { "descriptor \($0)" } ?? "(none)"
    }

    /// What users see as the validation file, if there is one.
    var validationFileName: String? {
        if let validation_file { return validation_file }
        return validation_file_descriptor.map { "descriptor \($0)" }
    }
}
