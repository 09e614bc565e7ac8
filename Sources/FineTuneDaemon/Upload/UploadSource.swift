import FoundationEssentials
import OpenAIFineTuning

/// What the upload step sends: a file on disk and, when already known, the sha256 of its bytes.
///
/// After the content store (issue 8a) this is the daemon's own kept copy and the hash recorded
/// on the submission; until then the step hashes the file itself.
struct UploadSource: Sendable {
    var path: String
    /// Lowercase hex; nil: computed by the upload step (streaming, constant memory).
    var sha256: String?
    /// The name the file gets on the API; fine-tuning takes only `.jsonl` names.
    var filename: String
    var purpose: OpenAIFile.Purpose = .fineTune

    /// `path`'s bytes, named on the API after `originalName`'s last component (with `.jsonl`
    /// added when it does not end so).
    init(path: String, sha256: String? = nil, originalName: String? = nil) {
        self.path = path
        self.sha256 = sha256
        var name = PathText.lastComponent(of: originalName ?? path)
        if name.isEmpty { name = "training" }
        filename = name.hasSuffix(".jsonl") ? name : name + ".jsonl"
    }
}
