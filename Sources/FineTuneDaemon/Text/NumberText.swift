import Glibc

/// Numbers written as text without Foundation's formatters, byte for byte as the daemon wrote
/// them before (`String(format:)`, the en_US number style).
package enum NumberText {
    /// `value` with exactly `digits` digits after the point, rounded as C's `printf("%.*f")`
    /// rounds (which is what `String(format: "%.2f", …)` produced).
    package static func fixed(_ value: Double, digits: Int) -> String {
        var buffer = [CChar](repeating: 0, count: 400)
        let length = withVaList([Int32(digits), value]) { arguments in
            vsnprintf(&buffer, buffer.count, "%.*f", arguments)
        }
        guard length > 0, Int(length) < buffer.count else { return String(value) }
        return String(decoding: buffer[0..<Int(length)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The integer with a comma between groups of three digits: `1234567` → `1,234,567`,
    /// `-1234` → `-1,234` (the en_US grouping).
    package static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return value < 0 ? "-" + result : result
    }

    /// The integer in decimal, left-padded with zeros to at least `width` digits (`%0*d`).
    package static func zeroPadded(_ value: Int, width: Int) -> String {
        let digits = String(value.magnitude)
        let padded = String(repeating: "0", count: max(0, width - digits.count - (value < 0 ? 1 : 0))) + digits
        return value < 0 ? "-" + padded : padded
    }
}
