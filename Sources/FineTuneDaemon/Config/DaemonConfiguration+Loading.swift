import DaemonMetrics
import FoundationEssentials
import Logging
import OpenAIFineTuning
import Systemd

/// A configuration that cannot be used, with where and why: `file:line: Key: reason`.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension DaemonConfiguration {
    static let schema: [String: Set<String>] = [
        "Daemon": [
            "DatabasePath", "ControlSocket", "SocketGroup", "SocketMode", "ReadOnlyUsers",
            "PollInterval", "WatchingPollInterval", "MaxPollInterval", "RetirementWarningDays",
            "BackgroundRefreshesPerCycle", "OnJobEnd", "OnJobEndTimeoutSec", "LogLevel",
            "MetricsListen", "MultipartUploadThreshold", "UploadPartSize", "ContentRetention", "ContentMaxSize",
        ],
        "Account": Set<String>([
            "Name", "BaseURL", "AuthStyle", "APIVersion", "Organization", "Project",
            "APIKeyCredential", "APIKeyFile", "AdoptAllJobs", "RequestTimeoutSec", "MaxRetries", "Provider",
        ])
        .union(EntraSettings.keys).union(AzureDeploymentSettings.keys),
        "Pricing": ["TrainingPrice", "MaxEstimatedCost", "HostingPrice"],
        "Retirement": ["ModelShutdown"],
    ]

    /// Reads `path` and `path.d/*.conf`, then the environment overrides.
    ///
    /// - Parameter required: true when the user named the file (`--config`): then it must exist.
    /// - Throws: `ConfigurationError` naming the file, line and key of the first problem.
    public static func load(
        path: String, required: Bool, environment: [String: String]
    ) throws(ConfigurationError)
        -> DaemonConfiguration
    {
        let document: INIDocument
        do {
            document = try ConfigLoader.load(mainFile: path, requireMainFile: required)
            try document.validate(schema: schema)
        } catch let error as INIError {
            throw ConfigurationError(error.description)
        } catch {
            throw ConfigurationError(String(describing: error))
        }
        do {
            return try DaemonConfiguration(document: document, environment: environment)
        } catch {
            throw ConfigurationError(error.description)
        }
    }

    init(document: INIDocument, environment: [String: String]) throws(INIError) {
        self.init(stateDirectory: environment["STATE_DIRECTORY"]?.split(separator: ":").first.map(String.init))
        files = document.files
        if let daemon = document.merged("Daemon") {
            if let value = daemon.last("DatabasePath"), !value.value.isEmpty { databasePath = try value.absolutePath() }
            if let value = daemon.last("ControlSocket"), !value.value.isEmpty {
                controlSocket = try value.absolutePath()
            }
            if let value = daemon.last("SocketGroup") { socketGroup = value.value.isEmpty ? nil : value.value }
            if let value = daemon.last("SocketMode"), !value.value.isEmpty {
                guard let mode = UInt32(value.value, radix: 8), mode <= 0o777 else {
                    throw INIError(value, "not an octal file mode: \"\(value.value)\"")
                }
                socketMode = mode
            }
            readOnlyUsers = daemon.list("ReadOnlyUsers").flatMap { $0.value.split(separator: " ").map(String.init) }
            if let value = daemon.last("PollInterval"), !value.value.isEmpty {
                pollInterval = try value.timeSpan(in: .seconds(1) ... .seconds(86_400))
            }
            if let value = daemon.last("WatchingPollInterval"), !value.value.isEmpty {
                watchingPollInterval = try value.timeSpan(in: .milliseconds(100) ... .seconds(3_600))
            }
            if let value = daemon.last("MaxPollInterval"), !value.value.isEmpty {
                maxPollInterval = try value.timeSpan(in: .seconds(1) ... .seconds(86_400))
            }
            if let value = daemon.last("BackgroundRefreshesPerCycle"), !value.value.isEmpty {
                backgroundRefreshesPerCycle = try value.integer(in: 0...10_000)
            }
            if let value = daemon.last("RetirementWarningDays"), !value.value.isEmpty {
                retirementWarningDays = try value.integer(in: 0...3650)
            }
            if let value = daemon.last("OnJobEnd"), !value.value.isEmpty {
                do {
                    onJobEnd = try HookCommand(commandLine: value.value)
                } catch {
                    throw INIError(value, error.description)
                }
            }
            if let value = daemon.last("OnJobEndTimeoutSec"), !value.value.isEmpty {
                onJobEndTimeout = try value.timeSpan(in: .seconds(1) ... .seconds(86_400))
            }
            if let value = daemon.last("MetricsListen"), !value.value.isEmpty {
                switch MetricsListenAddress.parse(value.value) {
                case .success(let address): metricsListen = address
                case .failure(let error): throw INIError(value, error.description)
                }
            }
            if let value = daemon.last("MultipartUploadThreshold"), !value.value.isEmpty {
                uploads.multipartThreshold = try Self.byteCount(value, in: 0...UploadOptions.filesAPILimit)
            }
            if let value = daemon.last("UploadPartSize"), !value.value.isEmpty {
                uploads.partSize = try Self.byteCount(value, in: 1...UploadOptions.maxPartSize)
            }
            if let value = daemon.last("LogLevel"), !value.value.isEmpty {
                logLevel = Logger.Level(rawValue: try value.oneOf(Logger.Level.allCases.map(\.rawValue)))!
            }
            try applyContentKeys(daemon)
        }
        let accountSections = document.sections(named: "Account")
        if !accountSections.isEmpty {
            accounts = try Self.accounts(from: accountSections)
        }
        if let pricing = document.merged("Pricing") {
            for assignment in pricing.list("TrainingPrice") {
                let words = assignment.value.split(separator: " ", omittingEmptySubsequences: true)
                guard words.count == 2, let price = Double(words[1]), price >= 0 else {
                    throw INIError(
                        assignment, "expected \"MODEL PRICE\" (USD per 1M tokens), got \"\(assignment.value)\"")
                }
                trainingPrices[String(words[0])] = price
            }
            hostingPrices = try HostingPrices.parse(pricing.list("HostingPrice"))
            if let value = pricing.last("MaxEstimatedCost"), !value.value.isEmpty {
                let limit = try value.decimal(in: 0...1e9)
                maxEstimatedCost = limit > 0 ? limit : nil
            }
        }
        if let retirement = document.merged("Retirement") {
            for assignment in retirement.list("ModelShutdown") {
                let words = assignment.value.split(separator: " ", omittingEmptySubsequences: true)
                guard words.count == 2, let day = CalendarDay(String(words[1])) else {
                    throw INIError(assignment, "expected \"MODEL YYYY-MM-DD\", got \"\(assignment.value)\"")
                }
                modelShutdowns[String(words[0])] = day
            }
        }
        try applyEnvironment(environment)
    }

    /// `[Account]` sections, merged by `Name=` so a drop-in can change one account.
    private static func accounts(from sections: [INISection]) throws(INIError) -> [AccountConfiguration] {
        var order: [String] = []
        var merged: [String: [INIAssignment]] = [:]
        // Within one file, a name is one section: a second one is a mistake (a drop-in, another
        // file, may change an account by name).
        var seenInFile: [String: INILocation] = [:]
        for section in sections {
            let name = section.last("Name")?.value ?? "default"
            guard
                ASCIIName.matches(
                    name, lengths: 1...64, first: ASCIIName.isNameCharacter, rest: ASCIIName.isNameCharacter)
            else {
                throw INIError(section.last("Name")!, "an account name is 1-64 letters, digits, '.', '_' or '-'")
            }
            let key = section.location.file + "\u{0}" + name
            if let first = seenInFile[key] {
                let message =
                    "a second [Account] with Name=\(name) in the same file (the first is at line \(first.line)); "
                    + "merge them, or change the account from a drop-in"
                if let assignment = section.last("Name") { throw INIError(assignment, message) }
                throw INIError(location: section.location, key: nil, message: message)
            }
            seenInFile[key] = section.location
            if merged[name] == nil { order.append(name) }
            merged[name, default: []] += section.assignments
        }
        return try order.map { (name: String) throws(INIError) -> AccountConfiguration in
            let section = INISection(name: "Account", location: sections[0].location, assignments: merged[name]!)
            return try account(named: name, section)
        }
    }

    private static func account(named name: String, _ section: INISection) throws(INIError) -> AccountConfiguration {
        var account = AccountConfiguration(name: name)
        if let value = section.last("BaseURL"), !value.value.isEmpty {
            guard let url = URL(string: value.value), let scheme = url.scheme, ["http", "https"].contains(scheme),
                url.host != nil
            else { throw INIError(value, "not an http(s) URL: \"\(value.value)\"") }
            account.baseURL = url
        }
        try account.readAzureAuth(section)
        account.organization = section.last("Organization").flatMap { $0.value.isEmpty ? nil : $0.value }
        account.project = section.last("Project").flatMap { $0.value.isEmpty ? nil : $0.value }
        if let value = section.last("APIKeyCredential"), !value.value.isEmpty {
            guard !value.value.contains("/") else { throw INIError(value, "a credential name has no '/'") }
            account.apiKeyCredential = value.value
        }
        if let value = section.last("APIKeyFile"), !value.value.isEmpty {
            account.apiKeyFile = try value.absolutePath()
        }
        if let value = section.last("AdoptAllJobs"), !value.value.isEmpty { account.adoptAllJobs = try value.bool() }
        if let value = section.last("RequestTimeoutSec"), !value.value.isEmpty {
            account.requestTimeout = try value.timeSpan(in: .seconds(1) ... .seconds(3_600))
        }
        if let value = section.last("MaxRetries"), !value.value.isEmpty {
            account.maxRetries = try value.integer(in: 0...20)
        }
        if let value = section.last("Provider"), !value.value.isEmpty {
            account.declaredProvider = Provider(rawValue: try value.oneOf(Provider.allCases.map(\.rawValue)))
        }
        account.deployments = try AzureDeploymentSettings.parse(section)
        return account
    }

    /// The few keys people set from a unit's `Environment=`.
    private mutating func applyEnvironment(_ environment: [String: String]) throws(INIError) {
        func location(_ name: String) -> INIAssignment {
            INIAssignment(
                key: name, value: environment[name] ?? "", location: INILocation(file: "environment", line: 0))
        }
        if let value = environment["FINETUNED_LOG_LEVEL"], !value.isEmpty {
            logLevel = Logger.Level(
                rawValue: try location("FINETUNED_LOG_LEVEL").oneOf(Logger.Level.allCases.map(\.rawValue)))!
        }
        if let value = environment["FINETUNED_DATABASE_PATH"], !value.isEmpty {
            databasePath = try location("FINETUNED_DATABASE_PATH").absolutePath()
        }
        if let value = environment["FINETUNED_CONTROL_SOCKET"], !value.isEmpty {
            controlSocket = try location("FINETUNED_CONTROL_SOCKET").absolutePath()
        }
    }
}
