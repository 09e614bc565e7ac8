import Foundation

/// Runs a program to completion without blocking a concurrency thread; returns its exit
/// status and standard output. Standard error is passed through for diagnosis.
func runProgram(
    _ executable: String, _ arguments: [String]
) async throws -> (
    status: Int32, output: String
) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    // Read on a thread of our own: a blocking read on the concurrency pool (two threads on a
    // two-core machine) could starve the very server the program talks to.
    let (chunks, sink) = AsyncStream<Data>.makeStream()
    let reader = Thread {
        sink.yield(output.fileHandleForReading.readDataToEndOfFile())
        sink.finish()
    }
    reader.start()
    let status: Int32 = try await withCheckedThrowingContinuation { continuation in
        process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
        do {
            try process.run()
        } catch {
            process.terminationHandler = nil
            continuation.resume(throwing: error)
        }
    }
    var data = Data()
    for await chunk in chunks { data.append(chunk) }
    return (status, String(decoding: data, as: UTF8.self))
}
