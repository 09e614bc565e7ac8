import Foundation
import Glibc

extension FileHandle {
    /// Everything left to read, up to end of file, with `read(2)` retried when a signal
    /// interrupts it (Foundation's `readDataToEndOfFile()` traps on EINTR). Blocks until the
    /// writer closes its end; what was read before any other error is returned.
    public func readToEndRetryingInterrupts() -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fileDescriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                data.append(contentsOf: buffer[0..<count])
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                return data
            }
        }
    }
}
