import Dispatch
import Foundation

/// Unix signals as an async stream, delivered through dispatch sources (never in a signal
/// handler), so the daemon reacts to them in ordinary code.
enum Signals {
    static func stream(_ signals: [Int32]) -> AsyncStream<Int32> {
        AsyncStream { continuation in
            let queue = DispatchQueue(label: "finetuned.signals")
            let sources = signals.map { number -> any DispatchSourceSignal in
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                source.setEventHandler { continuation.yield(number) }
                source.resume()
                return source
            }
            let keeper = SourceKeeper(sources)
            continuation.onTermination = { _ in keeper.cancel() }
        }
    }

    /// Keeps the sources alive for as long as the stream is, and cancels them with it.
    private final class SourceKeeper: @unchecked Sendable {
        // Set once at creation; dispatch sources are thread-safe to cancel.
        private let sources: [any DispatchSourceSignal]
        init(_ sources: [any DispatchSourceSignal]) { self.sources = sources }
        func cancel() { sources.forEach { $0.cancel() } }
    }
}
