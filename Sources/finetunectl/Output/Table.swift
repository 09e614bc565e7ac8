import Foundation

/// A plain text table: left-aligned first column, right-aligned numbers, two-space gaps.
struct Table {
    var header: [String]
    var rows: [[String]] = []

    init(_ header: [String]) { self.header = header }

    mutating func add(_ row: [String]) { rows.append(row) }

    func render(indent: String = "  ") -> String {
        let all = [header] + rows
        let widths = (0..<header.count).map { c in all.map { $0.indices.contains(c) ? $0[c].count : 0 }.max() ?? 0 }
        return all.map { row in
            indent
                + row.enumerated().map { c, cell in
                    let pad = String(repeating: " ", count: max(0, widths[c] - cell.count))
                    return c == 0 ? cell + pad : pad + cell
                }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}

/// `1234567` → `1,234,567`.
func grouped(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var out = ""
    for (i, ch) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
        out.append(ch)
    }
    return n < 0 ? "-" + out : out
}

/// Bytes as `52.3 MB` (decimal units).
func megabytes(_ bytes: Int) -> String {
    bytes >= 1_000_000 ? String(format: "%.1f MB", Double(bytes) / 1e6) : String(format: "%.1f kB", Double(bytes) / 1e3)
}

/// `1 error`, `3 errors`, `1,204 warnings`.
func plural(_ n: Int, _ noun: String) -> String {
    "\(grouped(n)) \(noun)\(n == 1 ? "" : "s")"
}
