#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Who is on the other end of a Unix socket connection, as the kernel reports it
/// (`SO_PEERCRED`, taken when the connection was accepted).
public struct PeerCredentials: Sendable, Hashable, CustomStringConvertible {
    /// The peer process's id at connect time.
    public var pid: Int32
    /// The peer's effective user id at connect time.
    public var uid: UInt32
    /// The peer's effective primary group id at connect time.
    public var gid: UInt32
    /// The peer process's supplementary groups when it connected (`SO_PEERGROUPS`; where the
    /// kernel lacks it, read from `/proc/PID/status` on accept); empty when they could not be read.
    public var supplementaryGroups: [UInt32]

    public init(pid: Int32, uid: UInt32, gid: UInt32, supplementaryGroups: [UInt32] = []) {
        self.pid = pid
        self.uid = uid
        self.gid = gid
        self.supplementaryGroups = supplementaryGroups
    }

    /// Whether the peer is root.
    public var isRoot: Bool { uid == 0 }

    /// Whether `gid` is the peer's primary group or one of its supplementary groups.
    public func isMember(ofGroup gid: UInt32) -> Bool {
        self.gid == gid || supplementaryGroups.contains(gid)
    }

    public var description: String { "pid=\(pid) uid=\(uid) gid=\(gid)" }

    /// The credentials of this process (what a peer in this process would present).
    public static var currentProcess: PeerCredentials {
        PeerCredentials(
            pid: getpid(), uid: geteuid(), gid: getegid(),
            supplementaryGroups: supplementaryGroups(ofProcess: getpid()))
    }

    /// The supplementary groups of a process, from the `Groups:` line of `/proc/PID/status`;
    /// empty when the file cannot be read.
    public static func supplementaryGroups(ofProcess pid: Int32) -> [UInt32] {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else {
            return []
        }
        return parseGroupsLine(inStatus: status)
    }

    /// Reads the `Groups:` line of a `/proc/PID/status` text.
    static func parseGroupsLine(inStatus status: String) -> [UInt32] {
        for line in status.split(separator: "\n") where line.hasPrefix("Groups:") {
            return line.dropFirst("Groups:".count).split(whereSeparator: { $0 == " " || $0 == "\t" })
                .compactMap { UInt32($0) }
        }
        return []
    }
}

/// The layout of Linux's `struct ucred`, which Swift's Glibc module does not import.
struct LinuxUcred: Sendable {
    var pid: Int32 = 0
    var uid: UInt32 = 0
    var gid: UInt32 = 0
}
