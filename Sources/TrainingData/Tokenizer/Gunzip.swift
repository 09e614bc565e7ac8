import CZlib

/// Decompresses a complete gzip stream held in memory with zlib.
///
/// Contract: returns the uncompressed bytes, or throws ``TokenizerError/corruptRankFile(_:)`` when
/// the input is not a complete, valid gzip stream. Only used at load for the shipped rank files.
enum Gunzip {
    static func decompress(_ input: [UInt8], name: String) throws -> [UInt8] {
        var stream = z_stream()
        // 16 + MAX_WBITS asks zlib to expect a gzip header.
        guard inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw TokenizerError.corruptRankFile("\(name): zlib could not start")
        }
        defer { inflateEnd(&stream) }
        var output = [UInt8]()
        output.reserveCapacity(input.count * 3)
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var status: Int32 = Z_OK
        try input.withUnsafeBufferPointer { inBuf in
            stream.next_in = UnsafeMutablePointer(mutating: inBuf.baseAddress)
            stream.avail_in = UInt32(inBuf.count)
            repeat {
                let produced: Int = chunk.withUnsafeMutableBufferPointer { outBuf in
                    stream.next_out = outBuf.baseAddress
                    stream.avail_out = UInt32(outBuf.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    return outBuf.count - Int(stream.avail_out)
                }
                guard status == Z_OK || status == Z_STREAM_END else {
                    throw TokenizerError.corruptRankFile("\(name): gzip data is damaged (zlib status \(status))")
                }
                output.append(contentsOf: chunk[0..<produced])
                if status == Z_OK && produced == 0 && stream.avail_in == 0 {
                    throw TokenizerError.corruptRankFile("\(name): gzip data ends early")
                }
            } while status != Z_STREAM_END
        }
        return output
    }
}
