import FineTuneDaemon
import Foundation
import Glibc
import Testing

/// The lock that keeps a second daemon off a database is let go when the daemon stops, even
/// while a copy of its descriptor is open elsewhere: a child that another thread of the process
/// is starting holds a copy of every descriptor from its fork until its exec. (That is how a
/// restart in the test process was once refused: "in use by process <its own pid>".)
/// The copy is made directly rather than by starting children in a loop: a stress of fifty
/// restarts beside a thread of `Process.run()` did reproduce the refusal, but Foundation's
/// `Process` itself crashed under it now and then, which would take the whole test run down.
@Suite struct DatabaseLockTests {
    @Test func aReleasedLockIsFreeWhileACopyOfItsDescriptorIsStillOpen() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lock-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = directory + "/finetuned.db"
        let lock = try DatabaseLock.acquire(forDatabase: database)
        // What a child between its fork and its exec holds: the same open file, by another number.
        let copy = try #require(Self.duplicate(ofOpenFile: DatabaseLock.lockPath(forDatabase: database)))
        defer { close(copy) }
        #expect(DatabaseLock.holder(forDatabase: database).held)

        lock.release()
        #expect(!DatabaseLock.holder(forDatabase: database).held, "released, whatever copies of it exist")
        let next = try DatabaseLock.acquire(forDatabase: database)
        next.release()
    }

    /// A close-on-exec duplicate of this process's descriptor of `path`, found in /proc/self/fd.
    static func duplicate(ofOpenFile path: String) -> Int32? {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for entry in entries {
            guard let descriptor = Int32(entry),
                (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(entry)")) == path
            else { continue }
            let copy = fcntl(descriptor, F_DUPFD_CLOEXEC, 0)
            return copy >= 0 ? copy : nil
        }
        return nil
    }
}
