/// How a job carries the id of the submission that created it: in its metadata, so a job whose
/// create answer was lost can be found again (`GET /fine_tuning/jobs?metadata[KEY]=ID`) instead
/// of being created twice.
public enum SubmissionTag {
    public static let metadataKey = "finetuned_submission"
}
