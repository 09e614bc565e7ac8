/// Lookups by run-time names (for converters, where column names come from flags).
extension JSONTape {
    /// The value of the first member whose key equals `key` (case-sensitive), or `nil`.
    func member(_ i: Int, named key: String) -> Int? {
        var found: Int?
        let bytes = Array(key.utf8)
        bytes.withUnsafeBufferPointer { b in
            forEachMember(i) { k, v in
                if found == nil && stringEquals(k, b) { found = v }
            }
        }
        return found
    }

    /// The keys of an object, in document order.
    func keys(_ i: Int) -> [String] {
        var out: [String] = []
        forEachMember(i) { k, _ in out.append(string(k) ?? "") }
        return out
    }
}

/// Writes JSON text by hand so output is compact, deterministic and needs no Foundation.
enum JSONWriter {
    /// Appends `s` as a JSON string literal (quotes included).
    static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(0x22)
        for b in s.utf8 {
            switch b {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, 0x6E])
            case 0x0D: out.append(contentsOf: [0x5C, 0x72])
            case 0x09: out.append(contentsOf: [0x5C, 0x74])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]])
            default: out.append(b)
            }
        }
        out.append(0x22)
    }

    /// Appends raw JSON text with the whitespace between tokens removed (strings untouched), so a
    /// pretty-printed value fits on one JSONL line.
    static func appendCompact(_ raw: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var inString = false
        var escaped = false
        for b in raw {
            if inString {
                out.append(b)
                if escaped {
                    escaped = false
                } else if b == 0x5C {
                    escaped = true
                } else if b == 0x22 {
                    inString = false
                }
            } else if b == 0x22 {
                inString = true
                out.append(b)
            } else if !(b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D) {
                out.append(b)
            }
        }
    }
}
