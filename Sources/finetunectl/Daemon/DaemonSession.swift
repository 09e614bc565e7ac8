import ControlProtocol
import ArgumentParser
import Foundation

/// One connection to finetuned for the length of a command.
///
/// ``run(_:_:)`` connects, runs the command's body, closes, and turns every failure into a
/// message on standard error and an exit code (``CtlFailure``), so commands only say what they
/// want from the daemon. With `--json`, an error the daemon answered is also printed on standard
/// output as `{"error": {"name": …, "parameters": {…}}}`.
struct DaemonSession: Sendable {
    let client: ControlClient
    var socketPath: String { client.socketPath }

    static func run(_ options: DaemonOptions, _ body: (DaemonSession) async throws -> Void) async throws {
        let path = options.socketPath
        let session: DaemonSession
        do {
            session = DaemonSession(client: try await connect(path))
        } catch let failure as CtlFailure {
            throw failure.report()
        }
        do {
            try await body(session)
            await session.client.close()
        } catch let code as ExitCode {
            await session.client.close()
            throw code
        } catch {
            await session.client.close()
            if options.json, let error = error as? VarlinkError {
                // A script reading --json gets the daemon's error as data too (a problem list, an
                // API request id), beside the message on standard error.
                try? JSONOutput.print(
                    JSONValue.object([
                        "error": .object(["name": .string(error.name), "parameters": .object(error.parameters)])
                    ]))
            }
            throw ErrorReport.failure(for: error, socket: path).report()
        }
    }

    /// Connects, explaining the usual reasons it fails (no daemon, wrong path, no permission).
    /// "Is finetuned running?" is asked only when nothing listens: no socket file, or a socket
    /// that refuses connections.
    static func connect(_ path: String) async throws -> ControlClient {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let failure = errno
            let reason = String(cString: strerror(failure))
            if failure == ENOENT {
                throw CtlFailure(
                    "cannot reach finetuned: socket \(path): \(reason). Is finetuned running? (set the path with --socket or $FINETUNED_SOCKET)"
                )
            }
            throw CtlFailure("cannot reach finetuned: socket \(path): \(reason)")
        }
        guard (info.st_mode & S_IFMT) == S_IFSOCK else {
            throw CtlFailure(
                "cannot reach finetuned: \(path) is not a socket (set the path with --socket or $FINETUNED_SOCKET)")
        }
        do {
            return try await ControlClient.connect(to: path)
        } catch {
            let text = "\(error)"
            if text.contains("ermission") || text.contains("EACCES") || access(path, R_OK | W_OK) != 0 {
                let group = getgrgid(info.st_gid).map { String(cString: $0.pointee.gr_name) } ?? "gid \(info.st_gid)"
                throw CtlFailure(
                    "cannot reach finetuned: permission denied on socket \(path); it takes root or membership of the group \(group)"
                )
            }
            if text.contains("refused") || text.contains("ECONNREFUSED") || text.contains("errno: \(ECONNREFUSED)") {
                throw CtlFailure("cannot reach finetuned: socket \(path): connection refused. Is finetuned running?")
            }
            throw CtlFailure("cannot reach finetuned: socket \(path): \(text)")
        }
    }

    /// Calls the request's method and returns the raw reply.
    func call<Request: ControlRequestValue>(_ request: Request) async throws -> JSONValue {
        .object(try await client.call(request))
    }

    /// Calls the request's method with `more` and yields every raw reply.
    func callMore<Request: ControlRequestValue>(
        _ request: Request
    ) throws -> AsyncThrowingStream<[String: JSONValue], any Error> {
        try client.callMore(request)
    }

    /// Calls the request's method with `more`, passing `descriptors` as SCM_RIGHTS with the call
    /// (systemd's Varlink convention), on a connection of its own: NIO's channels cannot send
    /// ancillary data, so the call is written before NIO takes the socket. `close` ends that
    /// connection.
    func callMore<Request: ControlRequestValue>(
        _ request: Request, descriptors: [Int32]
    ) async throws -> (replies: AsyncThrowingStream<[String: JSONValue], any Error>, close: @Sendable () async -> Void)
    {
        try await ControlClient.callMore(socketPath: socketPath, request, descriptors: descriptors)
    }

    /// `Jobs.Get`.
    func job(_ id: String) async throws -> WireJob {
        try await client.job(id)
    }
}

extension Optional where Wrapped == JSONValue {
    /// The value, or JSON `null` when absent (so decoding reports a type mismatch, not a crash).
    var orNull: JSONValue { self ?? .null }
}
