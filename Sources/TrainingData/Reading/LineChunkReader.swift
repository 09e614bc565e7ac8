#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a JSONL file in blocks of complete lines, in constant memory whatever the file size.
///
/// Contract: `next()` returns successive chunks that each hold only whole lines (the last line of
/// the file may lack its newline); `firstLine` is the 1-based number of the chunk's first line.
/// A line longer than `maxLineBytes` is never buffered: it is skipped, its number and length are
/// reported in `overlongLines`, and line numbering continues after it. Memory stays below
/// `max(blockSize, maxLineBytes) * 2`. Throws ``TrainingDataError/io`` on a read error.
final class LineChunkReader {
    struct Chunk {
        /// Whole lines; valid until the next call to `next()`.
        let bytes: UnsafeBufferPointer<UInt8>
        let firstLine: Int
        /// Lines (number, byte length) that were too long and were skipped before this chunk.
        let overlongLines: [(line: Int, bytes: Int)]
    }

    let path: String
    private let fd: Int32
    private let maxLineBytes: Int
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var carry = 0  // bytes of an unfinished line kept at the front of the buffer
    private var pendingCarry = 0  // carry to move to the front on the next call
    private var pendingCarryStart = 0
    private var eof = false
    private var nextLine = 1
    private(set) var bytesRead = 0

    init(path: String, blockSize: Int = 4 << 20, maxLineBytes: Int) throws {
        self.path = path
        self.maxLineBytes = maxLineBytes
        fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw TrainingDataError.io(path: path, reason: String(cString: strerror(errno))) }
        var info = stat()
        if fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw TrainingDataError.io(path: path, reason: "is a directory")
        }
        capacity = max(blockSize, 1 << 16)
        buffer = .allocate(capacity: capacity)
    }

    deinit {
        buffer.deallocate()
        close(fd)
    }

    /// Reads into the buffer from `from` until full or EOF; returns the filled end.
    private func fill(from: Int) throws -> Int {
        var filled = from
        while filled < capacity && !eof {
            let r = read(fd, buffer + filled, capacity - filled)
            if r < 0 {
                if errno == EINTR { continue }
                throw TrainingDataError.io(path: path, reason: String(cString: strerror(errno)))
            }
            if r == 0 { eof = true } else { filled += r; bytesRead += r }
        }
        return filled
    }

    func next() throws -> Chunk? {
        if pendingCarry > 0 { (buffer).update(from: buffer + pendingCarryStart, count: pendingCarry) }
        carry = pendingCarry
        pendingCarry = 0
        var overlong: [(line: Int, bytes: Int)] = []
        while true {
            let filled = try fill(from: carry)
            if filled == 0 && eof { return nil }
            if let last = lastNewline(filled) {
                let chunk = Chunk(
                    bytes: UnsafeBufferPointer(start: buffer, count: last + 1), firstLine: nextLine,
                    overlongLines: overlong)
                pendingCarryStart = last + 1
                pendingCarry = filled - (last + 1)
                nextLine += countNewlines(buffer, last + 1)
                return chunk
            }
            if eof {
                // The final line has no newline.
                let chunk = Chunk(
                    bytes: UnsafeBufferPointer(start: buffer, count: filled), firstLine: nextLine,
                    overlongLines: overlong)
                nextLine += 1
                carry = 0
                pendingCarry = 0
                return filled > 0 ? chunk : nil
            }
            // No newline in a full buffer: grow up to the line limit, else skip the line.
            if capacity < maxLineBytes + 1 {
                let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: min(capacity * 2, maxLineBytes + 1))
                bigger.update(from: buffer, count: filled)
                buffer.deallocate()
                buffer = bigger
                capacity = min(capacity * 2, maxLineBytes + 1)
                carry = filled
                continue
            }
            var length = filled
            var restStart = -1
            var restCount = 0
            while restStart < 0 {
                let got = try fill(from: 0)
                if got == 0 { break }
                if let nl = firstNewline(got) {
                    length += nl
                    restStart = nl + 1
                    restCount = got - restStart
                } else {
                    length += got
                    if eof { break }
                }
            }
            overlong.append((nextLine, length))
            nextLine += 1
            if restStart >= 0 {
                buffer.update(from: buffer + restStart, count: restCount)
                carry = restCount
            } else {
                carry = 0
                if eof {
                    return overlong.isEmpty
                        ? nil
                        : Chunk(
                            bytes: UnsafeBufferPointer(start: buffer, count: 0), firstLine: nextLine,
                            overlongLines: overlong)
                }
            }
        }
    }

    private func lastNewline(_ filled: Int) -> Int? {
        var k = filled - 1
        while k >= 0 {
            if buffer[k] == 0x0A { return k }
            k -= 1
        }
        return nil
    }

    private func firstNewline(_ filled: Int) -> Int? {
        guard let hit = memchr(buffer, 0x0A, filled) else { return nil }
        return buffer.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }
}

/// Number of `\n` bytes in `[p, p + n)`.
func countNewlines(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
    var count = 0
    var cursor = UnsafeRawPointer(p)
    var remaining = n
    while remaining > 0, let hit = memchr(cursor, 0x0A, remaining) {
        count += 1
        let advance = cursor.distance(to: UnsafeRawPointer(hit)) + 1
        cursor += advance
        remaining -= advance
    }
    return count
}

/// Calls `body(lineNumber, lineBytes)` for each line in a chunk, without the newline (and without
/// a trailing `\r`).
func forEachLine(
    _ bytes: UnsafeBufferPointer<UInt8>, firstLine: Int, _ body: (Int, UnsafeBufferPointer<UInt8>) -> Void
) {
    guard let base = bytes.baseAddress else { return }
    var start = 0
    var line = firstLine
    let n = bytes.count
    while start < n {
        var end = n
        if let hit = memchr(base + start, 0x0A, n - start) {
            end = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
        var stop = end
        if stop > start && base[stop - 1] == 0x0D { stop -= 1 }
        body(line, UnsafeBufferPointer(start: base + start, count: stop - start))
        line += 1
        start = end + 1
    }
}
