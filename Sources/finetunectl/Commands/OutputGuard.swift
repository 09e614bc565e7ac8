import Foundation
import TrainingData

/// What `prepare` checks before it writes: never over its input — the same file by device and
/// inode, so another name, a hard link or a symbolic link to it is caught too — nor the two
/// outputs over each other, and over an existing file only when `--force` is given.
enum OutputGuard {
    struct Identity: Equatable {
        var device: UInt64
        var inode: UInt64
    }

    /// The file `path` names (following symbolic links), or nil when there is none.
    static func identity(_ path: String) -> Identity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// Throws a ``CtlFailure`` naming the output and the reason when `outputs` may not be written.
    static func check(input: String, outputs: [(option: String, path: String)], force: Bool) throws {
        let source = identity(input)
        var seen: [(option: String, identity: Identity?, path: String)] = []
        for (option, path) in outputs {
            let target = identity(path)
            if let target, target == source {
                throw CtlFailure(
                    "\(option) \(path) is the input file \(input); choose another output (nothing was written)")
            }
            for earlier in seen where earlier.path == path || (target != nil && earlier.identity == target) {
                throw CtlFailure(
                    "\(option) \(path) is the same file as \(earlier.option) \(earlier.path); choose another (nothing was written)"
                )
            }
            if target != nil && !force {
                throw CtlFailure("\(option) \(path) exists; pass --force to replace it (nothing was written)")
            }
            seen.append((option, target, path))
        }
    }
}
