import FoundationEssentials
import InstalledResources
import Logging
import ProjectVersion
import Systemd
import Varlink

/// The control socket: a Varlink server offering `io.finetuned.Jobs`, `io.finetuned.Models`,
/// `io.finetuned.Service` and systemd's `io.systemd.service` (plus `org.varlink.service`), on the socket systemd passed
/// (`LISTEN_FDNAMES=control`) or on `ControlSocket=`, which it then binds itself.
final class ControlServer: Sendable {
    static let version = ProjectVersion.string
    private let server: VarlinkServer

    init(daemon: Daemon, configuration: DaemonConfiguration, logger: Logger) throws {
        let directory = try ResourceDirectory.locate(
            bundle: "finetuned_FineTuneDaemonResources.resources", subdirectory: "Interfaces",
            sourceDirectory: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("../../FineTuneDaemonResources").standardizedFileURL.path)
        func description(_ name: String) throws -> String {
            try String(contentsOf: directory.appendingPathComponent(name + ".varlink"), encoding: .utf8)
        }
        let interfaces = [
            try JobsInterface(daemon: daemon).make(description: description(JobsInterface.name)),
            try ModelsInterface(daemon: daemon).make(description: description(ModelsInterface.name)),
            try ServiceInterface(daemon: daemon).make(description: description(ServiceInterface.name)),
            try SystemdServiceInterface(daemon: daemon).make(description: description(SystemdServiceInterface.name)),
        ]
        var serverConfiguration = VarlinkServerConfiguration(
            vendor: "finetuned", product: "finetuned", version: Self.version,
            url: "https://github.com/finetuned/finetuned")
        #if DEBUG
            // Debug builds (and so every test) check each reply against the descriptions, so a
            // wire type that drifts from its `.varlink` file fails loudly.
            serverConfiguration.validatesReplies = true
        #endif
        serverConfiguration.socketMode = configuration.socketMode
        serverConfiguration.socketGroup = configuration.socketGroup.flatMap(SystemGroup.id(named:))
        server = try VarlinkServer(
            configuration: serverConfiguration, interfaces: interfaces,
            authorizer: ControlAuthorizer(
                configuration: configuration,
                activatedSocketGroup: daemon.options.activatedControlSocket.flatMap(
                    UnixSocketGroup.connectingGroup(ofListeningSocket:))),
            logger: logger)
    }

    /// Listens on the activated socket if systemd passed one, else binds `path`.
    func start(activated: Int32?, path: String) async throws {
        if let activated {
            try await server.start(.listeningSocket(fileDescriptor: activated))
        } else {
            try await server.start(.path(path))
        }
    }

    func stop() async { await server.shutdown() }

    /// Open connections on the control socket.
    var connectionCount: Int { server.connectionCount }
}

extension Daemon {
    func startControlServer(_ configuration: DaemonConfiguration) async throws {
        let server = try ControlServer(daemon: self, configuration: configuration, logger: logger)
        try await server.start(activated: options.activatedControlSocket, path: configuration.controlSocket)
        control.withLock { $0 = server }
    }
}
