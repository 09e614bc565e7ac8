import FineTuneDaemon
import FinetunedTesting
import Foundation
import Glibc
import Synchronization
import Testing

/// The lock that keeps a second daemon off a database is let go when the daemon stops, even
/// while a copy of its descriptor is open elsewhere: a child that another thread of the process
/// is starting holds a copy of every descriptor from its fork until its exec. (That is how a
/// restart in the test process was once refused: "in use by process <its own pid>".)
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

    /// The same, end to end: a daemon stopped and started again on its database, fifty times,
    /// while another thread starts children without pause (as the test process's other suites
    /// do). Each restart follows the stop at once; none is refused. (Before the fix, about one
    /// restart in twelve was refused.)
    @Test func aRestartRightAfterAStopIsNotRefusedWhileChildrenStart() async throws {
        let spawning = Atomic<Bool>(true)
        let spawner = Thread {
            while spawning.load(ordering: .relaxed) {
                let child = Process()
                child.executableURL = URL(fileURLWithPath: "/bin/true")
                guard (try? child.run()) != nil else { return }
                child.waitUntilExit()
            }
        }
        spawner.start()
        defer { spawning.store(false, ordering: .relaxed) }
        try await withDaemon { fixture in
            for _ in 0..<50 {
                try await fixture.startDaemon()
                try await fixture.stopDaemon()
            }
        }
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
