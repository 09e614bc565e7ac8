import ControlProtocol
import FoundationEssentials
import Logging
import Systemd
import Varlink

/// `io.systemd.service`: the methods systemd's own services answer (`Ping`, `Reload`,
/// `SetLogLevel`), so generic Varlink tools can manage finetuned as they manage those.
/// `GetEnvironment` is declared, as systemd's interface has it, and never answered: the
/// environment may hold an API key.
struct SystemdServiceInterface {
    static let name = "io.systemd.service"
    let daemon: any SystemdServiceControl

    func make(description: String) throws -> VarlinkInterface {
        var interface = try VarlinkInterface(description: description)
        interface.handle(ControlRequest.SystemdService.Ping.self, access: .read) { _, _ in .empty }
        interface.handle(ControlRequest.SystemdService.Reload.self, access: .write) { _, call in
            try await reload(caller: call.connection.peer)
        }
        interface.handle(ControlRequest.SystemdService.SetLogLevel.self, access: .write) { request, call in
            guard let level = LogLevelSetting.level(forSyslogPriority: request.level) else {
                throw VarlinkError.invalidParameter("level")
            }
            guard let setting = daemon.logLevelSetting else {
                // A daemon embedded without a process-wide level (tests, demo): nothing to set.
                throw VarlinkError.methodNotImplemented(ControlMethod.SystemdService.setLogLevel)
            }
            setting.level = level
            daemon.logger.notice(
                "log level set to \(level) by \(call.connection.peer.map(String.init(describing:)) ?? "a caller") until the next reload"
            )
            return .empty
        }
        return interface
    }

    /// Reloads as SIGHUP does; a refused configuration is an error naming file, line and key.
    private func reload(caller: PeerCredentials?) async throws -> VarlinkReply {
        daemon.logger.notice(
            "reload requested over the control socket by \(caller.map(String.init(describing:)) ?? "a caller")")
        if let refused = await daemon.reloadFromControl() {
            throw ControlError.ReloadRefused(message: refused).varlinkError(interface: ControlMethod.Service.interface)
        }
        return .empty
    }
}
