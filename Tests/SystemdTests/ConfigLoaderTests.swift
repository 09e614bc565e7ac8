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
        #expect(
            document.files == [
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
}
