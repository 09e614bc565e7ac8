import ArgumentParser
import ControlProtocol
import Foundation

/// The options every command that talks to finetuned shares: where its control socket is, and
/// whether to answer in JSON.
struct DaemonOptions: ParsableArguments {
    /// Where finetuned listens when neither `--socket` nor `$FINETUNED_SOCKET` says otherwise.
    static let defaultSocketPath = ControlInterface.defaultSocketPath

    @Option(
        help: ArgumentHelp(
            "The daemon's control socket (default: $FINETUNED_SOCKET, else \(DaemonOptions.defaultSocketPath)).",
            valueName: "path"))
    var socket: String?

    @Flag(help: "Print JSON instead of tables (streams print one JSON object per line).")
    var json = false

    /// `--socket`, else `$FINETUNED_SOCKET` (when set and not empty), else the default path.
    var socketPath: String { Self.socketPath(given: socket) }

    static func socketPath(given socket: String?) -> String {
        if let socket { return socket }
        if let fromEnvironment = ProcessInfo.processInfo.environment["FINETUNED_SOCKET"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return Self.defaultSocketPath
    }
}
