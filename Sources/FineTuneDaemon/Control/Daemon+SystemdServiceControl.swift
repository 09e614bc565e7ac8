import Systemd

extension Daemon: SystemdServiceControl {
    var logLevelSetting: LogLevelSetting? { options.logLevel }

    func reloadFromControl() async -> String? {
        await reload()
        return refusedReload.withLock { $0?.message }
    }
}
