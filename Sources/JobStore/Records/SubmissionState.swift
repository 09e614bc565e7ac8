/// Where a submission is on its way to becoming a job. Saved before every step, so that after a
/// crash the submitter resumes from the last state instead of starting over.
///
/// ```
/// received → validated → uploading → uploaded → creating → created
///     └──────────┴────────────┴──────────┴───────────┴──→ failed
/// ```
/// `uploading → uploading` is allowed (a resumed multi-part upload saves progress), so is
/// `creating → creating` (each create attempt stores when it was sent), and
/// `creating → uploaded` is not: once a create request may have reached the API, the submitter
/// must look the job up by its metadata instead of uploading again.
public enum SubmissionState: String, Sendable, CaseIterable {
    case received, validated, uploading, uploaded, creating, created, failed

    /// Created and failed submissions never change again.
    public var isFinal: Bool { self == .created || self == .failed }

    /// Whether a submission in this state may move to `next`.
    public func canMove(to next: SubmissionState) -> Bool {
        switch (self, next) {
        case (.received, .validated), (.validated, .uploading), (.uploading, .uploading),
            (.uploading, .uploaded), (.validated, .uploaded), (.uploaded, .creating),
            (.creating, .creating), (.creating, .created):
            return true
        case (_, .failed):
            return !isFinal
        default:
            return false
        }
    }
}
