/// The version of finetuned, finetunectl and openai-sim: the one place it is written. Each
/// binary's `--version` prints it, and the daemon reports it in `Service.Status` and
/// `org.varlink.service.GetInfo`.
public enum ProjectVersion {
    public static let string = "0.1.0"
}
