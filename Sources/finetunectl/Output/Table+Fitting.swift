import Foundation

/// Tables of words fitted to the terminal, as `gh` does: when the natural width is too wide,
/// the widest of the columns that may be elided lose characters first (a cut cell ends in `…`)
/// until the table fits or every such column is down to its header's width. Columns not
/// listed (ids a user copies, statuses) are never cut. Off a terminal the width is unlimited, so
/// a script or a pager gets every character.
extension Table {
    /// ``renderLeft(indent:numeric:)`` within `width` columns (nil: no limit).
    func renderLeft(indent: String = "", numeric: Set<Int> = [], width: Int?, elidable: Set<Int>) -> String {
        var fitted = self
        fitted.rows = rows
        guard let width else { return renderLeft(indent: indent, numeric: numeric) }
        let all = [header] + rows
        var widths = (0..<header.count).map { c in all.map { $0.indices.contains(c) ? $0[c].count : 0 }.max() ?? 0 }
        let minimum = header.map { max($0.count, 4) }
        func total() -> Int { indent.count + widths.reduce(0, +) + 2 * max(0, widths.count - 1) }
        while total() > width {
            let candidates = elidable.filter { $0 < widths.count && widths[$0] > minimum[$0] }
            guard let widest = candidates.max(by: { widths[$0] < widths[$1] || (widths[$0] == widths[$1] && $0 > $1) })
            else { break }
            widths[widest] -= 1
        }
        fitted.rows = rows.map { row in
            row.enumerated().map { c, cell in
                guard c < widths.count, cell.count > widths[c] else { return cell }
                return String(cell.prefix(widths[c] - 1)) + "…"
            }
        }
        return fitted.renderLeft(indent: indent, numeric: numeric)
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
