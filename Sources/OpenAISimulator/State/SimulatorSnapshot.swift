import Foundation

/// Everything the simulator must remember across a restart, written atomically (a temporary
/// file renamed over the old one) after every change, so a crash never leaves half a state.
struct SimulatorSnapshot: Codable, Sendable {
    var jobs: [SimJob] = []
    var files: [SimFile] = []
    var uploads: [SimUpload] = []
    var deletedModels: Set<String> = []
    var shutdownDates: [String: String] = [:]
    var createDisabledMessage: String?
    var serial: Int = 0
    /// Absent in snapshots written before deployments existed.
    var deployments: [SimDeployment]? = nil

    static func load(from url: URL) throws -> SimulatorSnapshot? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try JSONDecoder().decode(SimulatorSnapshot.self, from: Data(contentsOf: url))
    }

    func save(to url: URL) throws {
        let data = try JSONEncoder().encode(self)
        let temporary = url.appendingPathExtension("tmp")
        try data.write(to: temporary)
        guard rename(temporary.path, url.path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
    }
}
