import Foundation

@testable import TrainingData

/// Writes lines to temporary files and validates them for real (files on disk, real tokenizer).
enum ValidationHarness {
    static let goodLine = #"{"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"}]}"#
    static let goodPreferenceLine =
        #"{"input":{"messages":[{"role":"user","content":"Hi"}]},"preferred_output":[{"role":"assistant","content":"Hello!"}],"non_preferred_output":[{"role":"assistant","content":"Go away."}]}"#

    /// `count` distinct valid chat lines.
    static func filler(_ count: Int, format: DataFormat = .chat) -> [[UInt8]] {
        (0..<count).map { i in
            switch format {
            case .dpo:
                Array(
                    #"{"input":{"messages":[{"role":"user","content":"Question \#(i)"}]},"preferred_output":[{"role":"assistant","content":"Good \#(i)"}],"non_preferred_output":[{"role":"assistant","content":"Bad \#(i)"}]}"#
                        .utf8)
            case .rft:
                Array(#"{"messages":[{"role":"user","content":"Solve \#(i)"}],"answer":"\#(i)"}"#.utf8)
            default:
                Array(
                    #"{"messages":[{"role":"user","content":"Question \#(i)"},{"role":"assistant","content":"Answer \#(i)"}]}"#
                        .utf8)
            }
        }
    }

    static func validate(
        _ lines: [[UInt8]], validation: [[UInt8]]? = nil, options: ValidationOptions = .init()
    ) throws -> ValidationReport {
        let dir = try TemporaryDirectory()
        let train = dir.url.appendingPathComponent("train.jsonl")
        try Data(lines.joined(separator: [0x0A]) + [0x0A]).write(to: train)
        var validationURL: URL?
        if let validation {
            validationURL = dir.url.appendingPathComponent("valid.jsonl")
            try Data(validation.joined(separator: [0x0A]) + [0x0A]).write(to: validationURL!)
        }
        return try TrainingFileValidator.validate(url: train, validation: validationURL, options: options)
    }
}

extension ValidationReport {
    func count(_ code: ProblemCode) -> Int { problemCounts[code.rawValue] ?? 0 }
    func first(_ code: ProblemCode) -> Problem? { problems.first { $0.code == code } }
}
