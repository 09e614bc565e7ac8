/// A parsed JSON document as a flat array of nodes ("tape"), reused from line to line.
///
/// Strings (keys and values) are unescaped into one shared byte buffer, so a parse allocates
/// nothing once the buffers have grown to the largest line. Node `0` is the root. Children of a
/// container follow it directly; `end` is the index just past the container's last descendant.
/// An object's children alternate key (a `.string` node) and value.
///
/// Not thread-safe: one tape per worker.
public final class JSONTape {
    public enum Kind: UInt8, Sendable {
        case null, `true`, `false`, number, string, array, object
    }

    struct Node {
        var kind: Kind
        /// string: offset in `strings`; number: start in the line; container: child count.
        var a: Int32
        /// string: byte length; number: byte length.
        var b: Int32
        /// Index one past this node's subtree.
        var end: Int32
        /// The node's raw bytes in the line.
        var rawStart: Int32
        var rawEnd: Int32
    }

    var nodes: [Node] = []
    var strings: [UInt8] = []
    /// True when the document had a `\uD800`-style lone surrogate (replaced with U+FFFD).
    var hadLoneSurrogate = false

    public init() {}

    func reset() {
        nodes.removeAll(keepingCapacity: true)
        strings.removeAll(keepingCapacity: true)
        hadLoneSurrogate = false
    }

    // MARK: Navigation (indices are node positions; the root is 0)

    @inline(__always) func kind(_ i: Int) -> Kind { nodes[i].kind }

    /// Number of elements of an array, or of members of an object.
    @inline(__always) func count(_ i: Int) -> Int {
        let n = nodes[i]
        return n.kind == .array ? Int(n.a) : n.kind == .object ? Int(n.a) / 2 : 0
    }

    /// Indices of an array's elements.
    func elements(_ i: Int) -> [Int] {
        var out: [Int] = []
        forEachElement(i) { out.append($0) }
        return out
    }

    @inline(__always) func forEachElement(_ i: Int, _ body: (Int) -> Void) {
        guard nodes[i].kind == .array else { return }
        var c = i + 1
        let end = Int(nodes[i].end)
        while c < end {
            body(c)
            c = Int(nodes[c].end)
        }
    }

    /// Calls `body(keyIndex, valueIndex)` for each member of an object, in document order.
    @inline(__always) func forEachMember(_ i: Int, _ body: (Int, Int) -> Void) {
        guard nodes[i].kind == .object else { return }
        var c = i + 1
        let end = Int(nodes[i].end)
        while c < end {
            let v = c + 1
            body(c, v)
            c = Int(nodes[v].end)
        }
    }

    /// The value of the first member whose key is `key`, or `nil`.
    func member(_ i: Int, _ key: StaticString) -> Int? {
        var found: Int?
        let keyBytes = UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount)
        forEachMember(i) { k, v in
            if found == nil && stringEquals(k, keyBytes) { found = v }
        }
        return found
    }

    @inline(__always) func stringEquals(_ i: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = nodes[i]
        guard n.kind == .string, Int(n.b) == bytes.count else { return false }
        return strings.withUnsafeBufferPointer { s in
            bytes.count == 0 || memcmpBytes(s.baseAddress! + Int(n.a), bytes.baseAddress!, bytes.count)
        }
    }

    func stringEquals(_ i: Int, _ literal: StaticString) -> Bool {
        stringEquals(i, UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// The unescaped bytes of a string node, valid only inside `body`.
    @inline(__always) func withStringBytes<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let n = nodes[i]
        return strings.withUnsafeBufferPointer { s in
            body(UnsafeBufferPointer(rebasing: s[Int(n.a)..<Int(n.a) + Int(n.b)]))
        }
    }

    /// A string node's value (allocates; for messages and conversions, not the hot path).
    func string(_ i: Int) -> String? {
        guard nodes[i].kind == .string else { return nil }
        return withStringBytes(i) { String(decoding: $0, as: UTF8.self) }
    }

    /// Byte length of a string node's value.
    @inline(__always) func stringLength(_ i: Int) -> Int { nodes[i].kind == .string ? Int(nodes[i].b) : 0 }

    /// The raw text of a number node, as written in the line.
    func numberText(_ i: Int, line: UnsafeBufferPointer<UInt8>) -> String? {
        let n = nodes[i]
        guard n.kind == .number else { return nil }
        return String(decoding: line[Int(n.a)..<Int(n.a) + Int(n.b)], as: UTF8.self)
    }

    /// The raw bytes of any node in `line`.
    func rawRange(_ i: Int) -> Range<Int> { Int(nodes[i].rawStart)..<Int(nodes[i].rawEnd) }

    /// A 128-bit fingerprint of the document's content (structure, keys, strings and numbers as
    /// written), insensitive to whitespace between tokens and to string escaping style.
    func fingerprint(line: UnsafeBufferPointer<UInt8>) -> Fingerprint {
        var h1: UInt64 = 0x243F_6A88_85A3_08D3
        var h2: UInt64 = 0x1319_8A2E_0370_7344
        @inline(__always) func mix(_ v: UInt64) {
            h1 = (h1 ^ v) &* 0x9E37_79B9_7F4A_7C15
            h1 ^= h1 >> 31
            h2 = (h2 &+ v) &* 0xC2B2_AE3D_27D4_EB4F
            h2 ^= h2 >> 29
        }
        for n in nodes {
            mix(
                UInt64(n.kind.rawValue) << 56 | UInt64(UInt32(bitPattern: n.b)) << 16
                    | UInt64(UInt32(bitPattern: n.end) & 0xFFFF))
            if n.kind == .number, let p = line.baseAddress {
                mix(RankTable.hash(p + Int(n.a), Int(n.b)))
            }
        }
        strings.withUnsafeBufferPointer { s in
            if let p = s.baseAddress, s.count > 0 {
                var i = 0
                while i < s.count {
                    let len = min(4096, s.count - i)
                    mix(RankTable.hash(p + i, len))
                    i += len
                }
            }
        }
        return Fingerprint(high: h1, low: h2)
    }
}

/// A 128-bit content fingerprint used to find duplicate examples without keeping them.
public struct Fingerprint: Hashable, Sendable {
    public let high: UInt64
    public let low: UInt64
}
