/// A byte count as `ByteCountFormatter.string(fromByteCount:countStyle: .binary)` wrote it in
/// en_US (that formatter is not in FoundationEssentials).
///
/// Contract: 0 → `Zero KB`; 1 → `1 byte`; under 1024 → `N bytes`; above, the largest unit of
/// 1024 (KB, MB, GB, TB, PB, EB) whose value is at least 1, with at most 0 fraction digits for
/// KB, 1 for MB and 2 for GB and above, rounded half to even, trailing zeros dropped, the
/// integer part grouped by thousands: `1536` → `2 KB`, `123456789` → `117.7 MB`,
/// `1500000000` → `1.4 GB`, `1048575` → `1,024 KB`.
package enum ByteCountText {
    package static func binary(_ count: Int64) -> String {
        if count == 0 { return "Zero KB" }
        if count == 1 { return "1 byte" }
        if count.magnitude < 1024 { return "\(NumberText.grouped(Int(count))) bytes" }
        let units = ["KB", "MB", "GB", "TB", "PB", "EB"]
        var value = Double(count) / 1024
        var unit = 0
        while value.magnitude >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        let digits = min(unit, 2)
        let scale = [1, 10, 100][digits]
        let scaled = Int((value * Double(scale)).rounded(.toNearestOrEven))
        var text = NumberText.grouped(scaled / scale)
        var fraction = NumberText.zeroPadded(scaled % scale, width: digits)
        while fraction.hasSuffix("0") { fraction.removeLast() }
        if !fraction.isEmpty { text += "." + fraction }
        return "\(text) \(units[unit])"
    }
}
