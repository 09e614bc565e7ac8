@testable import FineTuneDaemon
import FinetunedTesting
import Foundation
import Logging
import Systemd
import Testing
import Varlink

/// `io.systemd.service` on the control socket, and `LogLevel=` taking effect.
@Suite(.serialized) struct SystemdServiceInterfaceTests {
    @Test func logLevelIsAppliedAtStartOnReloadAndBySetLogLevel() async throws {
        try await withDaemon(extraConfig: "LogLevel=warning") { fixture in
            let level = LogLevelSetting(.info)
            fixture.logLevel = level
            try await fixture.startDaemon()
            #expect(level.level == .warning, "LogLevel= applies at start")

            let client = try await VarlinkClient.connect(to: fixture.socketPath)
            _ = try await client.call("io.systemd.service.Ping")
            _ = try await client.call("io.systemd.service.SetLogLevel", parameters: ["level": 7])
            #expect(level.level == .debug)
            let outOfRange = await #expect(throws: VarlinkError.self) {
                _ = try await client.call("io.systemd.service.SetLogLevel", parameters: ["level": 9])
            }
            #expect(outOfRange?.name == "org.varlink.service.InvalidParameter")
            #expect(level.level == .debug, "a refused call changes nothing")

            try fixture.config.replacingOccurrences(of: "LogLevel=warning", with: "LogLevel=error")
                .write(toFile: fixture.configPath, atomically: true, encoding: .utf8)
            _ = try await client.call("io.systemd.service.Reload")
            #expect(level.level == .error, "a reload applies LogLevel= again")

            let secret = await #expect(throws: VarlinkError.self) {
                _ = try await client.call("io.systemd.service.GetEnvironment")
            }
            #expect(secret?.name == "org.varlink.service.MethodNotImplemented")
            await client.close()
        }
    }

    @Test func aRefusedReloadIsAnErrorNamingFileAndLineAndTheOldConfigurationRuns() async throws {
        try await withDaemon { fixture in
            let daemon = try await fixture.startDaemon()
            try fixture.config.replacingOccurrences(of: "PollInterval=1s", with: "PollInterval=soon")
                .write(toFile: fixture.configPath, atomically: true, encoding: .utf8)
            let client = try await VarlinkClient.connect(to: fixture.socketPath)
            let refused = await #expect(throws: VarlinkError.self) {
                _ = try await client.call("io.systemd.service.Reload")
            }
            #expect(refused?.name == "io.finetuned.Service.ReloadRefused")
            #expect(
                refused?.parameters["message"]?.stringValue?.contains("finetuned.conf:") == true,
                "\(String(describing: refused))")
            #expect(daemon.configuration?.pollInterval == .seconds(1), "the running configuration is kept")
            await client.close()
        }
    }

    @Test func syslogPrioritiesMapToLevels() {
        #expect(LogLevelSetting.level(forSyslogPriority: 7) == .debug)
        #expect(LogLevelSetting.level(forSyslogPriority: 6) == .info)
        #expect(LogLevelSetting.level(forSyslogPriority: 5) == .notice)
        #expect(LogLevelSetting.level(forSyslogPriority: 4) == .warning)
        #expect(LogLevelSetting.level(forSyslogPriority: 3) == .error)
        #expect(LogLevelSetting.level(forSyslogPriority: 0) == .critical)
        #expect(LogLevelSetting.level(forSyslogPriority: 8) == nil)
        #expect(LogLevelSetting.level(forSyslogPriority: -1) == nil)
    }
}
