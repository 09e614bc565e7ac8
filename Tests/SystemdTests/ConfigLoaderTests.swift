import Testing
@testable import Systemd

@Suite("Loading a config file with drop-ins")
struct ConfigLoaderTests {
    @Test("drop-ins load after the main file in lexical order; later assignments win")
    func dropInOrder() throws {
        let dir = try TemporaryDirectory()
        try dir.write("finetuned.conf", "[Daemon]\nPollInterval=60s\nLogLevel=info\n")
        try dir.write("finetuned.conf.d/20-fast.conf", "[Daemon]\nPollInterval=10s\n")
        try dir.write("finetuned.conf.d/10-slow.conf", "[Daemon]\nPollInterval=120s\n")
        try dir.write("finetuned.conf.d/notes.txt", "this is not config")
        try dir.write("finetuned.conf.d/99-accounts.conf", "[Account]\nName=extra\n")
        let document = try ConfigLoader.load(mainFile: dir.path + "/finetuned.conf")
        #expect(document.files == [
            dir.path + "/finetuned.conf",
            dir.path + "/finetuned.conf.d/10-slow.conf",
            dir.path + "/finetuned.conf.d/20-fast.conf",
            dir.path + "/finetuned.conf.d/99-accounts.conf",
        ])
        let daemon = try #require(document.merged("Daemon"))
        let poll = try #require(daemon.last("PollInterval"))
        #expect(poll.value == "10s")
        #expect(poll.location == INILocation(file: dir.path + "/finetuned.conf.d/20-fast.conf", line: 2))
        #expect(daemon.last("LogLevel")?.value == "info")
        #expect(document.sections(named: "Account").count == 1)
    }

    @Test("a missing main file means defaults, unless it was asked for")
    func missingMainFile() throws {
        let dir = try TemporaryDirectory()
        let document = try ConfigLoader.load(mainFile: dir.path + "/absent.conf")
        #expect(document.sections.isEmpty && document.files.isEmpty)
        #expect(throws: ConfigFileError.self) {
            _ = try ConfigLoader.load(mainFile: dir.path + "/absent.conf", requireMainFile: true)
        }
    }

    @Test("a syntax error in a drop-in names that drop-in")
    func errorInDropIn() throws {
        let dir = try TemporaryDirectory()
        try dir.write("finetuned.conf", "[Daemon]\n")
        try dir.write("finetuned.conf.d/50-bad.conf", "[Daemon]\n\nnonsense\n")
        let error = #expect(throws: INIError.self) {
            _ = try ConfigLoader.load(mainFile: dir.path + "/finetuned.conf")
        }
        #expect(error?.location == INILocation(file: dir.path + "/finetuned.conf.d/50-bad.conf", line: 3))
    }

    @Test("config/finetuned.conf parses, and still parses with every key uncommented",
          .enabled(if: ShippedConfig.path != nil))
    func shippedConfigParses() throws {
        let path = try #require(ShippedConfig.path)
        let document = try ConfigLoader.load(mainFile: path, requireMainFile: true, dropInDirectory: "/nonexistent")
        #expect(document.sections.map(\.name) == ["Daemon", "Account", "Pricing"])
        #expect(document.sections.allSatisfy { $0.assignments.isEmpty })

        // "#Key=default" lines are the documented keys: uncommented, they must be valid syntax
        // and use only the keys the daemon knows.
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let uncommented = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix("#") && line.dropFirst().first?.isUppercase == true && line.contains("=")
                ? String(line.dropFirst()) : String(line)
        }.joined(separator: "\n")
        let all = INIDocument(sections: try INIParser.parse(uncommented, file: path))
        try all.validate(schema: ShippedConfig.documentedKeys)
        for (section, keys) in ShippedConfig.documentedKeys {
            let present = Set(all.sections(named: section).flatMap(\.assignments).map(\.key))
            #expect(present == keys, "[\(section)] documents \(present.sorted()), expected \(keys.sorted())")
        }
    }
}

/// `config/finetuned.conf` of the repository, found from this source file's path.
enum ShippedConfig {
    static let path: String? = {
        var url = #filePath
        for _ in 0..<3 { url = String(url[..<(url.lastIndex(of: "/") ?? url.startIndex)]) }
        let candidate = url + "/config/finetuned.conf"
        return access(candidate, R_OK) == 0 ? candidate : nil
    }()

    /// Every key the file documents, per section: the contract between this file and the
    /// daemon's typed configuration.
    static let documentedKeys: [String: Set<String>] = [
        "Daemon": [
            "DatabasePath", "ControlSocket", "SocketGroup", "SocketMode", "ReadOnlyUsers",
            "PollInterval", "WatchingPollInterval", "MaxPollInterval", "RetirementWarningDays",
            "OnJobEnd", "OnJobEndTimeoutSec", "LogLevel",
        ],
        "Account": [
            "Name", "BaseURL", "AuthStyle", "APIVersion", "Organization", "Project",
            "APIKeyCredential", "APIKeyFile", "AdoptAllJobs", "RequestTimeoutSec", "MaxRetries",
        ],
        "Pricing": ["TrainingPrice", "MaxEstimatedCost"],
    ]
}

import Glibc
