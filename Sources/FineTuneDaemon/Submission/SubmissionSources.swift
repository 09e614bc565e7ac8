import Synchronization

/// The open files a submission's data came as (descriptors passed over the socket, already
/// checked to be readable regular files), held until the runner keeps its copies.
///
/// Contract: ``take()`` hands them over once; whoever takes them lets go of them when the copy
/// ends, and ``ContentSource`` closes each descriptor then. Sources never taken (a submission
/// cancelled before its copy) are closed when this object goes away.
final class SubmissionSources: Sendable {
    private let sources: Mutex<(training: ContentSource?, validation: ContentSource?)?>

    init(training: ContentSource?, validation: ContentSource?) {
        sources = Mutex((training, validation))
    }

    /// The sources, the first time; nil after.
    func take() -> (training: ContentSource?, validation: ContentSource?)? {
        sources.withLock { held in
            defer { held = nil }
            return held
        }
    }
}
