/// How a job carries the id of the submission that created it: in its metadata, so a job whose
/// create answer was lost can be found again (`GET /fine_tuning/jobs?metadata[KEY]=ID`) instead
/// of being created twice.
public enum SubmissionTag {
    public static let metadataKey = "finetuned_submission"
    /// How far the API's clock may lag ours when a tagged job is looked for by creation time.
    static let clockSkewSeconds = 600
}
