import Foundation

/// A loss curve drawn with characters: training loss `*`, validation loss `o` (`#` where both
/// fall on one cell), step on the x axis, loss on the y axis.
///
/// Each column covers an equal range of steps and shows the mean of the points in it, so a
/// curve of any length fits the width without aliasing.
struct LossCurve {
    var width = 64
    var height = 14

    struct Series {
        var symbol: Character
        var points: [(step: Int64, value: Double)]
    }

    func render(train: [(step: Int64, value: Double)], valid: [(step: Int64, value: Double)] = []) -> String? {
        let all = train + valid
        guard let firstStep = all.map(\.step).min(), let lastStep = all.map(\.step).max(),
            var low = all.map(\.value).min(), var high = all.map(\.value).max()
        else { return nil }
        if high - low < 1e-9 { high += 0.5; low -= 0.5 }
        let columns = max(2, min(width, Int(lastStep - firstStep) + 1))
        var grid = Array(repeating: Array(repeating: Character(" "), count: columns), count: height)

        func column(_ step: Int64) -> Int {
            guard lastStep > firstStep else { return 0 }
            return min(
                columns - 1, Int(Double(step - firstStep) / Double(lastStep - firstStep) * Double(columns - 1) + 0.5))
        }
        func row(_ value: Double) -> Int {
            let fraction = (value - low) / (high - low)
            return min(height - 1, max(0, height - 1 - Int((fraction * Double(height - 1)).rounded())))
        }
        for series in [Series(symbol: "*", points: train), Series(symbol: "o", points: valid)] {
            var sums = Array(repeating: (total: 0.0, count: 0), count: columns)
            for point in series.points {
                let c = column(point.step)
                sums[c].total += point.value
                sums[c].count += 1
            }
            for (c, sum) in sums.enumerated() where sum.count > 0 {
                let r = row(sum.total / Double(sum.count))
                grid[r][c] = grid[r][c] == " " || grid[r][c] == series.symbol ? series.symbol : "#"
            }
        }

        let labels = (0..<height).map { r -> String in
            guard r == 0 || r == height - 1 || r == height / 2 else { return "" }
            let value = high - (high - low) * Double(r) / Double(height - 1)
            return format(value)
        }
        let labelWidth = labels.map(\.count).max() ?? 0
        var lines: [String] = []
        for (r, cells) in grid.enumerated() {
            let label = String(repeating: " ", count: labelWidth - labels[r].count) + labels[r]
            var line = label + " │" + String(cells)
            while line.hasSuffix(" ") { line.removeLast() }
            lines.append(line)
        }
        lines.append(String(repeating: " ", count: labelWidth) + " └" + String(repeating: "─", count: columns))
        let left = "step \(firstStep)"
        let right = "\(lastStep)"
        let gap = max(1, columns - left.count - right.count)
        lines.append(String(repeating: " ", count: labelWidth + 2) + left + String(repeating: " ", count: gap) + right)
        return lines.joined(separator: "\n")
    }

    private func format(_ value: Double) -> String {
        value >= 100
            ? String(Int(value.rounded())) : value >= 10 ? String(format: "%.1f", value) : String(format: "%.2f", value)
    }
}
