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

/// The group a listening Unix socket's file lets connect: for a socket systemd passed, whose
/// `SocketGroup=` lives in the `.socket` unit, not in the daemon's configuration.
public enum UnixSocketGroup {
    /// The file's group when its mode lets that group connect (group write), else nil; nil also
    /// when the descriptor is not a Unix socket bound to a path.
    public static func connectingGroup(ofListeningSocket descriptor: Int32) -> UInt32? {
        var address = sockaddr_un()
        var length = socklen_t(MemoryLayout<sockaddr_un>.size)
        let named = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0, address.sun_family == sa_family_t(AF_UNIX) else { return nil }
        let path = withUnsafeBytes(of: &address.sun_path) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
        guard path.hasPrefix("/") else { return nil }
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFSOCK, status.st_mode & S_IWGRP != 0 else {
            return nil
        }
        return status.st_gid
    }
}
