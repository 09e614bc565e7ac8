extension Wire {
    /// One problem found in training data (`InvalidTrainingData`'s `problems`).
    public struct Problem: Codable, Sendable, Equatable {
        /// `training` or `validation`.
        public var file: String
        /// The line, when the problem is on one.
        public var line: Int64?
        /// The JSON path within the line (empty for the file as a whole).
        public var key_path: String
        public var code: String
        public var message: String
        /// `error` or `warning`.
        public var severity: String

        public init(file: String, line: Int64?, key_path: String, code: String, message: String, severity: String) {
            self.file = file
            self.line = line
            self.key_path = key_path
            self.code = code
            self.message = message
            self.severity = severity
        }
    }
}
