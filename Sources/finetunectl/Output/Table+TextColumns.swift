/// Rendering for tables of words (ids, statuses, names), where ``Table/render(indent:)``'s
/// right-aligned columns would be hard to read.
extension Table {
    /// Every column left-aligned except those in `numeric`, which are right-aligned.
    func renderLeft(indent: String = "", numeric: Set<Int> = []) -> String {
        let all = [header] + rows
        let widths = (0..<header.count).map { c in all.map { $0.indices.contains(c) ? $0[c].count : 0 }.max() ?? 0 }
        return all.map { row in
            let cells = row.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: max(0, widths[c] - cell.count))
                return numeric.contains(c) ? pad + cell : cell + pad
            }
            var line = indent + cells.joined(separator: "  ")
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }
}
