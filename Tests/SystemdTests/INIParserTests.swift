import Testing
@testable import Systemd

@Suite("systemd-style INI parsing")
struct INIParserTests {
    @Test("sections, comments, trimming, repeated sections and keys")
    func basics() throws {
        let text = """
            # comment
            ; another comment
            [Daemon]
              PollInterval = 30s
            OnJobEnd=/usr/bin/logger "job ended"

            [Account]
            Name=research
            [Account]
            Name=prod
            Name=prod2
            """
        let sections = try INIParser.parse(text, file: "main.conf")
        #expect(sections.map(\.name) == ["Daemon", "Account", "Account"])
        #expect(sections[0].last("PollInterval")?.value == "30s")
        #expect(sections[0].last("PollInterval")?.location == INILocation(file: "main.conf", line: 4))
        #expect(sections[0].last("OnJobEnd")?.value == #"/usr/bin/logger "job ended""#)
        #expect(sections[2].last("Name")?.value == "prod2")
    }

    @Test("a trailing backslash continues the line; comments inside are skipped")
    func continuation() throws {
        let text = "[Daemon]\nOnJobEnd=/bin/echo \\\n# ignored comment\n  one \\\n  two\nLogLevel=info\n"
        let sections = try INIParser.parse(text, file: "c.conf")
        let hook = try #require(sections[0].last("OnJobEnd"))
        #expect(hook.value == "/bin/echo    one    two")
        #expect(hook.location.line == 2)
        #expect(sections[0].last("LogLevel")?.location.line == 6)
    }

    @Test("an empty assignment resets a list")
    func emptyResetsList() throws {
        let sections = try INIParser.parse(
            "[Daemon]\nReadOnlyUsers=a\nReadOnlyUsers=b\nReadOnlyUsers=\nReadOnlyUsers=c\n", file: "f")
        #expect(sections[0].list("ReadOnlyUsers").map(\.value) == ["c"])
    }

    @Test(
        "syntax errors name the file and line",
        arguments: [
            ("Key=value\n", 1, "assignment outside of any [Section]"),
            ("[Daemon]\njust words\n", 2, #"expected Key=Value, got "just words""#),
            ("[Daemon]\n\n=value\n", 3, "assignment with no key"),
            ("[Daemon\n", 1, "invalid section header [Daemon"),
            ("[]\n", 1, "invalid section header []"),
        ])
    func syntaxErrors(text: String, line: Int, message: String) {
        #expect(
            throws: INIError(
                location: INILocation(file: "/etc/x.conf", line: line),
                key: message.hasPrefix("assignment outside") ? "Key" : nil, message: message)
        ) {
            _ = try INIParser.parse(text, file: "/etc/x.conf")
        }
    }

    @Test("unknown keys and sections are rejected naming file, line and key")
    func schemaValidation() throws {
        let document = INIDocument(
            sections: try INIParser.parse("[Daemon]\nPollInterval=5s\nPolInterval=5s\n", file: "/etc/f.conf"))
        let schema: [String: Set<String>] = ["Daemon": ["PollInterval"]]
        let error = #expect(throws: INIError.self) { try document.validate(schema: schema) }
        #expect(error?.description == "/etc/f.conf:3: PolInterval: unknown key in [Daemon]")
        let other = INIDocument(sections: try INIParser.parse("[Demon]\n", file: "/etc/f.conf"))
        #expect(
            throws: INIError(
                location: INILocation(file: "/etc/f.conf", line: 1), key: nil, message: "unknown section [Demon]")
        ) {
            try other.validate(schema: schema)
        }
    }

    @Test("typed values: booleans, integers, time spans, choices; bad ones name the key")
    func typedValues() throws {
        func assignment(_ value: String) -> INIAssignment {
            INIAssignment(key: "K", value: value, location: INILocation(file: "f.conf", line: 7))
        }
        #expect(try assignment("yes").bool() && !(try assignment("off").bool()))
        #expect(try assignment("90").timeSpan() == .seconds(90))
        #expect(try assignment("1h 30min").timeSpan() == .seconds(5400))
        #expect(try assignment("500ms").timeSpan() == .milliseconds(500))
        #expect(try assignment("2.5s").timeSpan() == .milliseconds(2500))
        #expect(try assignment("3").integer(in: 1...5) == 3)
        #expect(try assignment("azure").oneOf(["bearer", "azure"]) == "azure")
        #expect(
            throws: INIError(
                location: INILocation(file: "f.conf", line: 7), key: "K",
                message: #"not a time span: "soon" (e.g. 30s, 5min, 1h)"#)
        ) {
            _ = try assignment("soon").timeSpan()
        }
        #expect(throws: INIError.self) { _ = try assignment("5parsecs").timeSpan() }
        #expect(throws: INIError.self) { _ = try assignment("maybe").bool() }
        #expect(throws: INIError.self) { _ = try assignment("9").integer(in: 1...5) }
        #expect(throws: INIError.self) { _ = try assignment("relative/path").absolutePath() }
    }
}
