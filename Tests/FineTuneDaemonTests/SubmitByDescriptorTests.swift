@testable import FineTuneDaemon
import FinetunedTesting
import Foundation
import JobStore
import OpenAIFineTuning
import OpenAISimulator
import Testing
import Varlink

/// `Jobs.Submit` with the data as descriptors (SCM_RIGHTS): the daemon keeps its own copy,
/// validates and uploads that copy, and never opens the client's path.
@Suite(.serialized) struct SubmitByDescriptorTests {
    /// The parameters of a Submit by descriptor. The name is a path no one can open: the daemon
    /// must not try.
    static func parameters(index: Int = 0) -> [String: JSONValue] {
        [
            "training_file": .string("/nonexistent-\(UUID().uuidString.prefix(6))/train.jsonl"),
            "training_file_descriptor": .integer(Int64(index)), "model": "gpt-4o-mini", "method": "supervised",
        ]
    }

    /// Calls Submit with `descriptors`; the replies, or the error.
    static func submit(
        _ socket: String, _ parameters: [String: JSONValue], descriptors: [Int32]
    ) async throws -> [[String: JSONValue]] {
        let (client, replies) = try await VarlinkClient.connect(
            to: socket, callingMore: "io.finetuned.Jobs.Submit", parameters: parameters, descriptors: descriptors)
        return try await withTearDown({ await client.close() }) {
            var all: [[String: JSONValue]] = []
            for try await reply in replies { all.append(reply) }
            return all
        }
    }

    @Test(.timeLimit(.minutes(2))) func aFileChangedAfterTheSubmitIsNotWhatIsUploaded() async throws {
        try await withDaemon(requestTimeout: "2s", accountConfig: "MaxRetries=1") { fixture in
            fixture.submissionRetryDelay = .milliseconds(300)
            let daemon = try await fixture.startDaemon()
            let path = fixture.directory + "/train.jsonl"
            let original = try Data(contentsOf: URL(fileURLWithPath: SubmissionRecoveryTests.sample))
            try original.write(to: URL(fileURLWithPath: path))
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            #expect(descriptor >= 0)
            // The first upload attempt fails (more 503s than the client retries): the submission
            // waits, and the user's file changes before the next attempt.
            fixture.simulator.setFaults(
                .init(rules: [.init(kind: .status, endpoint: "POST /files", count: 2, status: 503)]))
            let replies = try await Self.submit(fixture.socketPath, Self.parameters(), descriptors: [descriptor])
            close(descriptor)
            #expect(replies.first?["state"] == "received")
            #expect(replies.contains { $0["state"] == "copying" })
            #expect(replies.last?["state"] == "waiting")
            let id = try #require(replies.first?["submission_id"]?.stringValue)
            try Data("{\"changed\": true}\n".utf8).write(to: URL(fileURLWithPath: path))

            try await waitUntil(timeout: .seconds(60)) { (try? daemon.store.submission(id: id)?.state) == .created }
            let submission = try #require(try daemon.store.submission(id: id))
            let uploaded = try await fixture.withClient {
                try await $0.fileContent(try #require(submission.trainingFileID))
            }
            #expect(Data(uploaded) == original)
            let digest = try #require(try daemon.store.submissionContent(id: id)?.trainingSHA256)
            #expect(digest == (try Self.sha256sum(original)))
            let kept = try #require(daemon.contentStore.path(forSHA256: digest))
            #expect(try Data(contentsOf: URL(fileURLWithPath: kept)) == original)
        }
    }

    /// A submission whose data came as a descriptor, resumed without it (the daemon stopped
    /// before keeping its copy): a stored final failure saying so, and the path is never opened.
    @Test func aDescriptorSubmissionResumedBeforeItsCopyFailsSayingSo() async throws {
        try await withDaemon { fixture in
            let daemon = try await fixture.startDaemon()
            // The name is the sample's path, which the daemon could read: it must not.
            var request = SubmissionRequest(
                training_file: SubmissionRecoveryTests.sample, model: "gpt-4o-mini", method: "supervised")
            request.training_file_descriptor = 0
            let submission = try daemon.createSubmission(request, requestedBy: nil)
            var outcome: SubmissionEvent?
            for await event in daemon.startSubmission(submission.id, request: request, follow: true) {
                if case .progress = event { continue }
                outcome = event
                break
            }
            guard case .failed(.unreadable(_, let reason))? = outcome else {
                Issue.record("expected a failure, got \(String(describing: outcome))")
                return
            }
            #expect(reason.contains("cannot read again; submit again"))
            let stored = try #require(try daemon.store.submission(id: submission.id))
            #expect(stored.state == .failed && stored.trainingFileID == nil)
            #expect(try daemon.store.submissionContent(id: submission.id)?.trainingSHA256 == nil)
        }
    }

    /// A directory, a socket, a pipe, a write-only file, an index with no descriptor, and more
    /// descriptors than Submit takes: each is refused naming the parameter (or the count), and
    /// after 1,000 such calls the daemon holds no more descriptors than before.
    @Test(.timeLimit(.minutes(3))) func badDescriptorsAreNamedAndNoneIsLeftOpen() async throws {
        try await withDaemon { fixture in
            _ = try await fixture.startDaemon()
            let writeOnlyPath = fixture.directory + "/write-only.jsonl"
            _ = FileManager.default.createFile(atPath: writeOnlyPath, contents: Data())
            let directory = open(fixture.directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            let writeOnly = open(writeOnlyPath, O_WRONLY | O_CLOEXEC)
            var pipeEnds: [Int32] = [0, 0]
            #expect(pipe(&pipeEnds) == 0)
            var socketEnds: [Int32] = [0, 0]
            #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &socketEnds) == 0)
            let readable = open(SubmissionRecoveryTests.sample, O_RDONLY | O_CLOEXEC)
            defer { for fd in [directory, writeOnly, readable] + pipeEnds + socketEnds { close(fd) } }

            struct Case {
                var descriptors: [Int32]
                var index: Int
                var error: String
                var reason: String
            }
            let cases = [
                Case(
                    descriptors: [directory], index: 0, error: "io.finetuned.Jobs.InvalidDescriptor",
                    reason: "directory"),
                Case(
                    descriptors: [socketEnds[0]], index: 0, error: "io.finetuned.Jobs.InvalidDescriptor",
                    reason: "socket"),
                Case(
                    descriptors: [pipeEnds[0]], index: 0, error: "io.finetuned.Jobs.InvalidDescriptor", reason: "pipe"),
                Case(
                    descriptors: [writeOnly], index: 0, error: "io.finetuned.Jobs.InvalidDescriptor",
                    reason: "not readable"),
                Case(
                    descriptors: [readable], index: 3, error: "io.finetuned.Jobs.InvalidDescriptor",
                    reason: "no descriptor at index 3"),
                Case(
                    descriptors: [readable, readable, readable], index: 0,
                    error: "io.finetuned.Service.DescriptorsRefused", reason: ""),
            ]
            func call(_ item: Case) async -> VarlinkError? {
                await Self.refusal(fixture.socketPath, index: item.index, descriptors: item.descriptors)
            }
            // Each case once, checked in full.
            for item in cases {
                let error = await call(item)
                #expect(error?.name == item.error, "\(item.reason)")
                if item.error.hasSuffix("InvalidDescriptor") {
                    #expect(error?.parameters["parameter"] == "training_file_descriptor")
                    #expect(
                        error?.parameters["reason"]?.stringValue?.contains(item.reason) == true,
                        "\(String(describing: error))")
                } else {
                    #expect(error?.parameters["maximum"] == 2 && error?.parameters["received"] == 3)
                }
            }
            // Only descriptors of the objects passed are counted: other tests of this process open and
            // close descriptors of their own meanwhile.
            let passed = Self.identities(of: [directory, writeOnly, readable] + pipeEnds + socketEnds)
            let before = try Self.openDescriptors(referringTo: passed)
            for round in 0..<1000 {
                let error = await call(cases[round % cases.count])
                if error == nil { Issue.record("round \(round) was accepted") }
            }
            // Connections close on the daemon's side asynchronously.
            var after = try Self.openDescriptors(referringTo: passed)
            for _ in 0..<100 where after > before {
                try await Task.sleep(for: .milliseconds(50))
                after = try Self.openDescriptors(referringTo: passed)
            }
            #expect(after <= before)
            #expect(try fixture.daemon?.store.recentSubmissions().isEmpty == true, "a refused call stores nothing")
        }
    }

    /// `Service.Status` answers within 50 ms while ten 100 MB files are being validated: copying
    /// and validation run on threads of their own, at a lower priority, off the cooperative pool
    /// and off the threads that serve the socket. The median of ten calls is asserted, so that
    /// one scheduling hiccup of a loaded CI machine does not decide; all ten are printed.
    @Test(.timeLimit(.minutes(4))) func statusAnswersWithin50msWhileTenLargeFilesAreValidated() async throws {
        try await withDaemon { fixture in
            let daemon = try await fixture.startDaemon()
            let sample = try Data(contentsOf: URL(fileURLWithPath: SubmissionRecoveryTests.sample))
            var followers: [AsyncStream<SubmissionEvent>.Iterator] = []
            var ids: [String] = []
            for index in 0..<10 {
                // Ten different files of 100 MB (the first line differs), written once.
                let path = fixture.directory + "/large-\(index).jsonl"
                _ = FileManager.default.createFile(atPath: path, contents: nil)
                let handle = try #require(FileHandle(forWritingAtPath: path))
                try handle.write(
                    contentsOf: Data(
                        #"{"messages": [{"role": "user", "content": "file \#(index)"}, {"role": "assistant", "content": "ok"}]}"#
                            .utf8 + [10]))
                let block = Data(repeating: 0, count: 0) + Data((0..<100).flatMap { _ in sample })
                while try handle.offset() < 100_000_000 { try handle.write(contentsOf: block) }
                try handle.close()
                let request = SubmissionRequest(training_file: path, model: "gpt-4o-mini", method: "supervised")
                let submission = try daemon.createSubmission(request, requestedBy: nil)
                ids.append(submission.id)
                var events = daemon.startSubmission(submission.id, request: request, follow: true).makeAsyncIterator()
                while let event = await events.next() {
                    if case .progress(.validating) = event { break }
                }
                followers.append(events)
            }
            let client = try await VarlinkClient.connect(to: fixture.socketPath)
            var times: [Duration] = []
            for _ in 0..<10 {
                let start = ContinuousClock.now
                let status = try await client.call("io.finetuned.Service.Status")
                times.append(ContinuousClock.now - start)
                #expect(status["accounts"] != nil)
            }
            await client.close()
            // All ten were still being validated while Status answered.
            for id in ids { #expect(try daemon.store.submission(id: id)?.state == .received) }
            print(
                "Service.Status during ten 100 MB validations: \(times.map { "\($0.components.attoseconds / 1_000_000_000_000_000 + $0.components.seconds * 1000) ms" })"
            )
            let median = times.sorted()[times.count / 2]
            #expect(median <= .milliseconds(50), "median \(median); all \(times)")
            // Cancelling stops the validations (they check between blocks).
            for id in ids { _ = try daemon.cancelSubmission(id) }
            for var follower in followers {
                while await follower.next() != nil {}
            }
        }
    }

    /// The error a Submit by descriptor got; nil when it was accepted.
    static func refusal(_ socket: String, index: Int, descriptors: [Int32]) async -> VarlinkError? {
        do {
            _ = try await submit(socket, parameters(index: index), descriptors: descriptors)
            return nil
        } catch {
            return error as? VarlinkError
        }
    }

    /// The (device, inode) of each descriptor's object.
    static func identities(of descriptors: [Int32]) -> Set<[UInt64]> {
        Set(
            descriptors.compactMap { fd -> [UInt64]? in
                var info = stat()
                return fstat(fd, &info) == 0 ? [UInt64(info.st_dev), UInt64(info.st_ino)] : nil
            })
    }

    /// How many of this process's open descriptors refer to one of `objects`.
    static func openDescriptors(referringTo objects: Set<[UInt64]>) throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").filter { name in
            var info = stat()
            return stat("/proc/self/fd/" + name, &info) == 0
                && objects.contains([UInt64(info.st_dev), UInt64(info.st_ino)])
        }.count
    }

    static func sha256sum(_ data: Data) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sha-\(UUID().uuidString)").path
        try data.write(to: URL(fileURLWithPath: path))
        defer { unlink(path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readToEndRetryingInterrupts(), as: UTF8.self)
        process.waitUntilExit()
        return String(text.prefix(64))
    }
}
