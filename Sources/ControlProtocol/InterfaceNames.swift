/// The control interfaces' names and the methods clients call.
public enum ControlInterface {
    public static let jobs = "io.finetuned.Jobs"
    public static let models = "io.finetuned.Models"
    public static let service = "io.finetuned.Service"
    /// Where the daemon listens by default (`ControlSocket=`, finetuned.socket).
    public static let defaultSocketPath = "/run/finetuned/control.sock"
}
