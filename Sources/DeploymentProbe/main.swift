import FineTuneDaemon
import Foundation
import Logging
import OpenAIFineTuning
import Systemd

/// `finetuned-deployment-probe CONFIG`: the real daemon (the same `FineTuneDaemon` as
/// `finetuned run`) in a process of its own, with a fixed management-plane token, so a test can
/// SIGKILL it in the middle of a deployment (`Tests/FinetunectlTests/DeploymentKillTests.swift`).
/// It stands in for `finetuned run` only until Entra ID token sources are wired into the daemon;
/// then the test runs `finetuned run` with Entra settings against the simulator's token endpoint.
/// The API key comes from `OPENAI_API_KEY`, as for `finetuned run`.
struct FixedManagementToken: AccessTokenSource {
    func token(forScope scope: String) async throws -> AccessToken {
        AccessToken(secret: APIKey("probe-management-token-0123456789"), expiresOn: Date().addingTimeInterval(3600))
    }
    func invalidate(_ token: AccessToken, forScope scope: String) async {}
}

guard CommandLine.arguments.count == 2 else {
    FileHandle.standardError.write(Data("usage: finetuned-deployment-probe CONFIG\n".utf8))
    exit(2)
}
var logger = Logger(label: "finetuned.deployment-probe")
logger.logLevel = .warning
var options = Daemon.Options(configPath: CommandLine.arguments[1], configRequired: true,
                             notifier: ServiceNotifier(destination: .none))
options.managementTokenSources = { _, _ in FixedManagementToken() }
options.deploymentCheckInterval = .milliseconds(100)
do {
    let daemon = try await Daemon.start(options, logger: logger)
    FileHandle.standardOutput.write(Data("ready\n".utf8))
    while !Task.isCancelled { try await Task.sleep(for: .seconds(3600)) }
    await daemon.stop()
} catch {
    FileHandle.standardError.write(Data("finetuned-deployment-probe: \(error)\n".utf8))
    exit(1)
}
