import Foundation

/// Tables of words fitted to the terminal, as `gh` does. When the natural width is too wide,
/// the widest of the `elidable` columns (names, URLs) lose characters first, a cut cell ending
/// in `…`, down to their header's width; if that is not enough, the `droppable` columns are left
/// out one by one, in the order given (the least needed first), and the elidable ones grow back
/// into the room made. Only if the table still does not fit are the other columns (ids) cut,
/// all but the first. Off a terminal the width is unlimited: a pipe, a file or a pager gets
/// every character.
extension Table {
    /// ``renderLeft(indent:numeric:)`` within `width` columns (nil: no limit).
    func renderLeft(
        indent: String = "", numeric: Set<Int> = [], width: Int?, elidable: Set<Int>,
        droppable: [Int] = []
    ) -> String {
        guard let width else { return renderLeft(indent: indent, numeric: numeric) }
        for dropped in 0...droppable.count {
            let kept = (0..<header.count).filter { !droppable.prefix(dropped).contains($0) }
            if let fitted = fitted(keeping: kept, elidable: elidable, width: width - indent.count) {
                return fitted.renderLeft(indent: indent, numeric: renumbered(numeric, kept))
            }
        }
        let kept = (0..<header.count).filter { !droppable.contains($0) }
        let fitted =
            fitted(keeping: kept, elidable: Set(kept.dropFirst()), width: width - indent.count, force: true) ?? self
        return fitted.renderLeft(indent: indent, numeric: renumbered(numeric, kept))
    }

    /// The table with only the `kept` columns, `elidable` ones cut to fit `width`; nil when
    /// they cannot be cut enough (unless `force`, which returns the narrowest it can make).
    private func fitted(keeping kept: [Int], elidable: Set<Int>, width: Int, force: Bool = false) -> Table? {
        var table = Table(kept.map { header[$0] })
        table.rows = rows.map { row in kept.map { row.indices.contains($0) ? row[$0] : "" } }
        let all = [table.header] + table.rows
        var widths = (0..<kept.count).map { c in all.map { $0[c].count }.max() ?? 0 }
        let minimum = table.header.map { max($0.count, 4) }
        let cuttable = Set(kept.enumerated().filter { elidable.contains($0.element) }.map(\.offset))
        func total() -> Int { widths.reduce(0, +) + 2 * max(0, widths.count - 1) }
        while total() > width {
            let candidates = cuttable.filter { widths[$0] > minimum[$0] }
            guard let widest = candidates.max(by: { widths[$0] < widths[$1] || (widths[$0] == widths[$1] && $0 > $1) })
            else { break }
            widths[widest] -= 1
        }
        guard total() <= width || force else { return nil }
        table.rows = table.rows.map { row in
            row.enumerated().map { c, cell in
                cell.count > widths[c] ? String(cell.prefix(max(1, widths[c] - 1))) + "…" : cell
            }
        }
        return table
    }

    /// Column numbers in `set` as positions among the `kept` columns.
    private func renumbered(_ set: Set<Int>, _ kept: [Int]) -> Set<Int> {
        Set(kept.enumerated().filter { set.contains($0.element) }.map(\.offset))
    }
}

/// The width tables are fitted to: `$COLUMNS` when set to a number, else the terminal's width
/// when standard output is one, else nil (no limit: a pipe or a file gets whole lines).
enum OutputWidth {
    static func current(environment: [String: String] = ProcessInfo.processInfo.environment) -> Int? {
        if let text = environment["COLUMNS"], let columns = Int(text), columns > 0 { return columns }
        guard isatty(STDOUT_FILENO) == 1 else { return nil }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return nil
    }
}
