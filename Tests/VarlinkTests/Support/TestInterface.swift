import Foundation
import Synchronization
import Varlink

/// What the test interface's handlers observed, for tests to await and check.
final class TestProbe: Sendable {
    private let remembered = Mutex<[String]>([])
    /// Yields once per Flood call when its stream ends, with the error that ended it.
    let floodEnded: AsyncStream<String>
    private let floodEndedContinuation: AsyncStream<String>.Continuation
    /// Yields once each time a Block call starts.
    let blockStarted: AsyncStream<Void>
    private let blockStartedContinuation: AsyncStream<Void>.Continuation
    private let blockRelease = Mutex<[CheckedContinuation<Void, Never>]>([])
    /// Yield once each time an AwaitCancellation call starts, and when its task was cancelled.
    let cancellationAwaited: AsyncStream<Void>
    let cancellationArrived: AsyncStream<Void>
    private let cancellationAwaitedContinuation: AsyncStream<Void>.Continuation
    private let cancellationArrivedContinuation: AsyncStream<Void>.Continuation
    private let released = Mutex(false)
    private let addHook = Mutex<(@Sendable () -> Void)?>(nil)

    init() {
        (floodEnded, floodEndedContinuation) = AsyncStream.makeStream()
        (blockStarted, blockStartedContinuation) = AsyncStream.makeStream()
        (cancellationAwaited, cancellationAwaitedContinuation) = AsyncStream.makeStream()
        (cancellationArrived, cancellationArrivedContinuation) = AsyncStream.makeStream()
    }

    /// Sleeps until its task is cancelled, telling `cancellationAwaited` when it starts and
    /// `cancellationArrived` when it ends.
    func awaitCancellation() async {
        cancellationAwaitedContinuation.yield()
        while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
        cancellationArrivedContinuation.yield()
    }

    var values: [String] { remembered.withLock { $0 } }

    /// Runs `hook` inside every later Add call, on the event loop, before Add answers.
    func whileAdding(_ hook: @escaping @Sendable () -> Void) { addHook.withLock { $0 = hook } }

    func adding() { addHook.withLock { $0 }?() }

    func remember(_ value: String) { remembered.withLock { $0.append(value) } }

    func floodDidEnd(_ reason: String) { floodEndedContinuation.yield(reason) }

    /// Lets every Block call, current and future, return.
    func releaseBlocks() {
        released.withLock { $0 = true }
        let waiting = blockRelease.withLock { list in
            defer { list.removeAll() }
            return list
        }
        waiting.forEach { $0.resume() }
    }

    func block() async {
        blockStartedContinuation.yield()
        await withCheckedContinuation { continuation in
            let resumeNow = released.withLock { isReleased in
                if isReleased { return true }
                blockRelease.withLock { $0.append(continuation) }
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }
}

enum TestInterface {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let descriptionURL = fixtures.appendingPathComponent("io.finetuned.test.varlink")
    static let descriptionText = try! String(contentsOf: descriptionURL, encoding: .utf8)

    struct Echo: Codable, Sendable { var text: String }
    struct AddParameters: Decodable {
        var a: Int
        var b: Int
    }
    struct Sum: Encodable, Sendable { var sum: Int }
    struct CountParameters: Decodable { var to: Int }
    struct Value: Encodable, Sendable { var value: Int }
    struct FloodParameters: Decodable { var size: Int }
    struct Data: Encodable, Sendable { var data: String }
    struct Remember: Decodable { var value: String }
    struct Values: Encodable, Sendable { var values: [String] }
    struct FailParameters: Decodable { var kind: String }
    struct Identity: Encodable, Sendable {
        var uid: UInt32
        var gid: UInt32
        var pid: Int32
    }
    struct Summary: Encodable, Sendable { var summary: String }
    struct Oops: Error {}

    struct ReadDescriptorParameters: Decodable { var descriptor: Int }

    static func make(probe: TestProbe) throws -> VarlinkInterface {
        var interface = try VarlinkInterface(contentsOf: descriptionURL)
        interface.handle("ReadDescriptor", access: .read, acceptingDescriptors: 2) { call in
            let parameters = try call.decodeParameters(ReadDescriptorParameters.self)
            guard let descriptor = call.descriptors.take(parameters.descriptor) else {
                throw VarlinkError.invalidParameter("descriptor")
            }
            let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
            let data = try handle.readToEnd() ?? Foundation.Data()
            return VarlinkReply(Echo(text: String(decoding: data, as: UTF8.self)))
        }
        interface.handle("Echo", access: .read) { call in
            VarlinkReply(try call.decodeParameters(Echo.self))
        }
        // Add, Fail and Drift answer on the event loop (`handleImmediately`), the others in a task,
        // so every protocol test covers both paths.
        interface.handleImmediately("Add", access: .read) { call in
            let parameters = try call.decodeParameters(AddParameters.self)
            probe.adding()
            return VarlinkReply(Sum(sum: parameters.a + parameters.b))
        }
        interface.handle("Describe", access: .read) { call in
            VarlinkReply(Summary(summary: JSONValue.object(call.parameters).compactText))
        }
        interface.handleStreaming("Count", access: .read) { call, stream in
            let to = try call.decodeParameters(CountParameters.self).to
            guard to >= 1 else { return VarlinkReply(Value(value: to)) }
            for value in 1..<to {
                try await stream.send(Value(value: value))
            }
            return VarlinkReply(Value(value: to))
        }
        interface.handleStreaming("Flood", access: .read) { call, stream in
            let size = try call.decodeParameters(FloodParameters.self).size
            let chunk = Data(data: String(repeating: "x", count: size))
            do {
                while true { try await stream.send(chunk) }
            } catch {
                probe.floodDidEnd("\(error)")
                throw error
            }
        }
        interface.handle("Remember", access: .write) { call in
            probe.remember(try call.decodeParameters(Remember.self).value)
            return .empty
        }
        interface.handle("Recall", access: .read) { _ in
            VarlinkReply(Values(values: probe.values))
        }
        interface.handleImmediately("Fail", access: .read) { call in
            switch try call.decodeParameters(FailParameters.self).kind {
            case "failure":
                throw VarlinkError(name: "io.finetuned.test.Failure", parameters: ["reason": "asked to"])
            default:
                throw Oops()
            }
        }
        interface.handle("Block", access: .read) { _ in
            await probe.block()
            return .empty
        }
        interface.handle("AwaitCancellation", access: .read) { _ in
            await probe.awaitCancellation()
            return .empty
        }
        interface.handleImmediately("Drift", access: .read) { call in
            switch try call.decodeParameters(FailParameters.self).kind {
            case "field": return VarlinkReply(parameters: ["value": "not a number"])
            case "error": throw VarlinkError(name: "io.finetuned.test.Undeclared")
            default: throw VarlinkError(name: "io.finetuned.test.Failure", parameters: ["reason": 42])
            }
        }
        interface.handle("WhoAmI", access: .read) { call in
            guard let peer = call.connection.peer else {
                throw VarlinkError(
                    name: "io.finetuned.test.Failure", parameters: ["reason": "no credentials"])
            }
            return VarlinkReply(Identity(uid: peer.uid, gid: peer.gid, pid: peer.pid))
        }
        return interface
    }
}
