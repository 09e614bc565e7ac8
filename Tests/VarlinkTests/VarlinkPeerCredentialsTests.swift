import Foundation
import Testing

@testable import Varlink

#if canImport(Glibc)
    import Glibc
#endif

/// SO_PEERCRED on real connections, including a client running as another user.
@Suite struct VarlinkPeerCredentialsTests {
    @Test func theServerSeesTheCallersCredentials() async throws {
        try await TestServer.with { server in
            let client = try await VarlinkClient.connect(to: server.socketPath)
            let identity = try await client.call("io.finetuned.test.WhoAmI")
            #expect(identity["uid"] == .integer(Int64(geteuid())))
            #expect(identity["gid"] == .integer(Int64(getegid())))
            #expect(identity["pid"] == .integer(Int64(getpid())))
            await client.close()
        }
    }

    @Test func groupsOfAProcessAreRead() {
        #expect(PeerCredentials.currentProcess.uid == geteuid())
        let status = "Name:\tx\nGroups:\t4 24 27 \nNSpgid:\t1\n"
        #expect(PeerCredentials.parseGroupsLine(inStatus: status) == [4, 24, 27])
        #expect(PeerCredentials.parseGroupsLine(inStatus: "Groups:\n") == [])
    }

    /// A raw client in system python run as `nobody` (uid 65534, no groups): reads are allowed,
    /// writes refused with the daemon's error. Needs root (to switch user) and setpriv.
    @Test(
        .enabled(if: geteuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"))
    )
    func anotherUserMayReadButNotWrite() async throws {
        let denied = VarlinkError(name: "io.finetuned.Service.PermissionDenied")
        let authorizer = PeerCredentialsAuthorizer(
            administratorGroup: nil, allowOthersToRead: true, deniedError: denied)
        try await TestServer.with(configure: { $0.socketMode = 0o666 }, authorizer: authorizer) {
            server in
            let script = """
                import json, socket, sys
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.connect(sys.argv[1])
                def call(method, parameters):
                    s.sendall(json.dumps({"method": method, "parameters": parameters}).encode() + b"\\0")
                    data = b""
                    while not data.endswith(b"\\0"):
                        chunk = s.recv(4096)
                        if not chunk: raise SystemExit("connection closed")
                        data += chunk
                    return json.loads(data[:-1])
                print(json.dumps([
                    call("io.finetuned.test.WhoAmI", {}),
                    call("io.finetuned.test.Remember", {"value": "intruder"}),
                    call("io.finetuned.test.Recall", {}),
                ]))
                """
            let (status, output) = try await runProgram(
                "/usr/bin/setpriv",
                [
                    "--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3", "-c", script,
                    server.socketPath,
                ])
            #expect(status == 0)
            let replies = try JSONDecoder().decode([JSONValue].self, from: Data(output.utf8))
            try #require(replies.count == 3)
            #expect(replies[0]["parameters"]?["uid"] == 65534)
            #expect(replies[1]["error"] == "io.finetuned.Service.PermissionDenied")
            #expect(replies[2]["parameters"] == ["values": []])
            #expect(server.probe.values.isEmpty)
        }
    }
}
