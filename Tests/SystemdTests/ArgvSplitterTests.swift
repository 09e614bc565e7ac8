import Testing
import Systemd

@Suite("Splitting command lines like systemd")
struct ArgvSplitterTests {
    @Test(
        "words, quotes and escapes",
        arguments: [
            ("/bin/echo a b", ["/bin/echo", "a", "b"]),
            ("  /bin/echo   spaced\tout  ", ["/bin/echo", "spaced", "out"]),
            (#"/bin/echo "two words" 'single quoted'"#, ["/bin/echo", "two words", "single quoted"]),
            (#"/bin/echo a"b c"d"#, ["/bin/echo", "ab cd"]),
            (#"/bin/echo "" x"#, ["/bin/echo", "", "x"]),
            (#"/bin/echo a\ b \"q\" \x41 tab\there"#, ["/bin/echo", "a b", "\"q\"", "A", "tab\there"]),
            (#"/bin/echo "it's" '$HOME' ;"#, ["/bin/echo", "it's", "$HOME", ";"]),
        ])
    func splits(line: String, argv: [String]) throws {
        #expect(try ArgvSplitter.split(line) == argv)
    }

    @Test(
        "malformed lines are errors",
        arguments: [#"/bin/echo "open"#, #"/bin/echo 'open"#, "/bin/echo \\", #"/bin/echo \q"#])
    func rejects(line: String) {
        #expect(throws: ArgvSplitter.SplitError.self) { _ = try ArgvSplitter.split(line) }
    }

    @Test("commands resolve bare names and refuse relative paths")
    func commands() throws {
        #expect(try HookCommand(commandLine: "env FOO=1").argv.first?.hasSuffix("/env") == true)
        #expect(throws: ArgvSplitter.SplitError.self) { _ = try HookCommand(commandLine: "./script.sh") }
        #expect(throws: ArgvSplitter.SplitError.self) { _ = try HookCommand(commandLine: "   ") }
        #expect(throws: ArgvSplitter.SplitError.self) { _ = try HookCommand(commandLine: "no-such-command-xyz") }
    }
}
