import Synchronization

/// The latest byte count of an upload, written from the upload's task and read by the reporter.
final class ProgressRelay: Sendable {
    private let bytes = Synchronization.Atomic<Int64>(0)
    func set(_ value: Int64) { bytes.store(value, ordering: .relaxed) }
    var value: Int64 { bytes.load(ordering: .relaxed) }
}
