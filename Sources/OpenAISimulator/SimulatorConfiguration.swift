import Foundation

/// How a simulator instance behaves.
public struct SimulatorConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port.
    public var port: Int
    /// How many simulated seconds pass per real second. At 1 a small job takes about three
    /// minutes (a realistic demo); at 100 about two seconds (tests).
    public var timeScale: Double
    /// Where state and uploaded files are kept. With one, the simulator resumes its state after a
    /// restart; without, it uses a fresh temporary directory and forgets on exit.
    public var dataDirectory: URL?
    /// The key clients must present (as `Authorization: Bearer` or Azure's `api-key`); nil accepts
    /// any request.
    public var apiKey: String?
    public var organizationID: String
    public var faults: FaultPlan
    /// The largest request body accepted (the Files API's limit is 512 MB).
    public var maxBodyBytes: Int
    /// Which service is imitated; `.openAI` unless set.
    public var dialect: APIDialect = .openAI
    /// How long an Uploads API upload stays pending, in real seconds (the API: one hour).
    public var uploadLifetime: Double = 3600
    /// The resource and tenant imitated when `dialect` is `.azure`.
    public var azure = AzureSimulation()

    public init(
        host: String = "127.0.0.1", port: Int = 0, timeScale: Double = 1,
        dataDirectory: URL? = nil, apiKey: String? = nil, organizationID: String = "org-simulator",
        faults: FaultPlan = .init(), maxBodyBytes: Int = 600 << 20
    ) {
        self.host = host
        self.port = port
        self.timeScale = timeScale
        self.dataDirectory = dataDirectory
        self.apiKey = apiKey
        self.organizationID = organizationID
        self.faults = faults
        self.maxBodyBytes = maxBodyBytes
    }
}
