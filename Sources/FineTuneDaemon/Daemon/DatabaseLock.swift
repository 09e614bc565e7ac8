import FoundationEssentials
import Glibc
import Synchronization

/// One daemon per database: an exclusive `flock` on `DATABASE.lock`, beside the database, held
/// for the life of the process (the kernel drops it when the process ends, however it ends).
/// The holder writes its pid into the file, so a second daemon can say who holds it.
///
/// `flock` locks belong to the open file, so a second daemon in the same process (a test) is
/// refused too. For the same reason a copy of the descriptor keeps the lock: every child that
/// another thread starts holds a copy of every descriptor from its fork until its exec closes
/// the close-on-exec ones. So `release()` unlocks before it closes (`LOCK_UN` lets go of the
/// lock for every copy at once), and a restart right after a stop is never refused by a child
/// that happens to be starting.
public final class DatabaseLock: Sendable {
    public let path: String
    private let descriptor: Mutex<Int32?>

    /// The database is in use by another daemon, or its lock file cannot be made.
    public enum Failure: Error, Sendable, CustomStringConvertible {
        case held(lockPath: String, databasePath: String, pid: Int32?)
        case cannotOpen(lockPath: String, reason: String)

        public var description: String {
            switch self {
            case .held(let lock, let database, let pid):
                let holder = pid.map { "process \($0)" } ?? "another process"
                return
                    "the database \(database) is in use by \(holder) (it holds the lock \(lock)); one finetuned per DatabasePath="
            case .cannotOpen(let lock, let reason):
                return "cannot open the lock file \(lock): \(reason)"
            }
        }
    }

    /// The lock file of a database.
    public static func lockPath(forDatabase databasePath: String) -> String { databasePath + ".lock" }

    /// Takes the lock at once or throws; never waits.
    public static func acquire(forDatabase databasePath: String) throws(Failure) -> DatabaseLock {
        let path = lockPath(forDatabase: databasePath)
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .cannotOpen(lockPath: path, reason: String(cString: strerror(errno))) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let error = errno
            let pid = readPID(fd)
            close(fd)
            if error == EWOULDBLOCK { throw .held(lockPath: path, databasePath: databasePath, pid: pid) }
            throw .cannotOpen(lockPath: path, reason: String(cString: strerror(error)))
        }
        let text = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
        return DatabaseLock(path: path, descriptor: fd)
    }

    /// Whether a daemon holds the lock of a database now, and the pid it wrote.
    public static func holder(forDatabase databasePath: String) -> (held: Bool, pid: Int32?) {
        let fd = open(lockPath(forDatabase: databasePath), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return (false, nil) }
        defer { close(fd) }
        if flock(fd, LOCK_SH | LOCK_NB) == 0 {
            // Let go at once, not at the close (see the type's note on copies of a descriptor).
            _ = flock(fd, LOCK_UN)
            return (false, nil)
        }
        return (true, readPID(fd))
    }

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = Mutex(descriptor)
    }

    /// Lets the lock go (a daemon that stopped), at once, whatever copies of the descriptor
    /// exist; later calls do nothing.
    public func release() {
        descriptor.withLock { fd in
            if let open = fd {
                _ = flock(open, LOCK_UN)
                close(open)
            }
            fd = nil
        }
    }

    deinit { release() }

    private static func readPID(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = pread(fd, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        return Int32(String(decoding: buffer[0..<count], as: UTF8.self).trimmingWhitespaceAndNewlines())
    }
}
