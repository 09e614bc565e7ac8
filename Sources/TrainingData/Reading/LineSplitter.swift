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

/// Splits a chunk of whole lines among worker threads.
extension TrainingFileValidator {
    /// Lines for one worker. `@unchecked Sendable`: the bytes point into the reader's buffer,
    /// which nobody writes while the workers read it (the reader is only called between rounds).
    struct Part: @unchecked Sendable {
        let bytes: UnsafeBufferPointer<UInt8>
        let firstLine: Int
    }

    /// Splits whole lines into up to `count` parts of about equal size, at line boundaries.
    static func split(_ bytes: UnsafeBufferPointer<UInt8>, firstLine: Int, into count: Int) -> [Part] {
        guard count > 1, bytes.count > 1 << 16 else { return [Part(bytes: bytes, firstLine: firstLine)] }
        return splitSimple(bytes, firstLine: firstLine, into: count)
    }

    private static func splitSimple(_ bytes: UnsafeBufferPointer<UInt8>, firstLine: Int, into count: Int) -> [Part] {
        let base = bytes.baseAddress!
        var parts: [Part] = []
        var start = 0
        var line = firstLine
        for k in 1...count where start < bytes.count {
            var end = bytes.count
            if k < count {
                let target = max(start, bytes.count * k / count)
                if let hit = memchr(base + target, 0x0A, bytes.count - target) {
                    end = base.distance(to: hit.assumingMemoryBound(to: UInt8.self)) + 1
                }
            }
            parts.append(Part(bytes: UnsafeBufferPointer(start: base + start, count: end - start), firstLine: line))
            line += countNewlines(base + start, end - start)
            start = end
        }
        return parts
    }
}
