import FoundationEssentials
import Systemd

extension DaemonConfiguration {
    /// A byte count in systemd's size syntax: a decimal number with an optional suffix K, M, G
    /// or T (powers of 1024, as systemd's `parse_size`), e.g. `512M`, `64K`, `1048576`, within
    /// `range`.
    ///
    /// - Throws: `INIError` naming the file, line and key of a value that is not a size or out
    ///   of range.
    static func byteCount(_ assignment: INIAssignment, in range: ClosedRange<Int64>) throws(INIError) -> Int64 {
        let text = assignment.value.trimmingWhitespace()
        let multipliers: [Character: Int64] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
        var digits = Substring(text)
        var multiplier: Int64 = 1
        if let last = digits.last, let factor = multipliers[Character(last.uppercased())] {
            multiplier = factor
            digits = digits.dropLast()
        }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit), let number = Int64(digits),
            case let (bytes, overflow) = number.multipliedReportingOverflow(by: multiplier), !overflow
        else {
            throw INIError(assignment, "not a size: \"\(assignment.value)\" (e.g. 64M, 512K, 1048576)")
        }
        guard range.contains(bytes) else {
            throw INIError(
                assignment, "\(assignment.value) is out of range \(range.lowerBound)…\(range.upperBound) bytes")
        }
        return bytes
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
