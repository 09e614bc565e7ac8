@testable import FineTuneDaemon
import Foundation
import Testing

/// The daemon's own text helpers, which replace Foundation's formatters and `NSString` path
/// methods, give what those gave, value for value (the test process has Foundation to compare).
@Suite struct FoundationFreeTextTests {
    @Test func byteCountsReadAsByteCountFormatterWroteThem() {
        var values: [Int64] = Array(0...1100) + [1535, 1536, 1537, 999_999, 1_000_000, 1_048_575, 1_048_576]
        for shift: Int64 in 10...60 { values += [(1 << shift) - 1, 1 << shift, (1 << shift) + (1 << (shift - 1))] }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<3000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            values.append(Int64(state >> (UInt64(state % 50) + 4)))
        }
        for value in values {
            #expect(
                ByteCountText.binary(value) == ByteCountFormatter.string(fromByteCount: value, countStyle: .binary),
                "\(value)")
        }
    }

    @Test func fixedDecimalsAreStringFormatsDecimals() {
        let values = [0, 0.005, 0.015, 0.125, 1.0005, 2.675, 12.5, 99.995, 1e9 + 0.5, -3.14159, 0.00005, 12_345.678_9]
        for value in values {
            for digits in [2, 3, 4] {
                #expect(NumberText.fixed(value, digits: digits) == String(format: "%.\(digits)f", value))
            }
        }
    }

    @Test func groupedIntegersAreTheEnglishNumberStyle() {
        for value in [0, 7, 999, 1000, 12_345, 999_999, 1_000_000, 1_234_567_890, -1, -1234, -999_999] {
            #expect(
                NumberText.grouped(value)
                    == value.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US"))))
        }
    }

    /// The results NSString's `deletingLastPathComponent` and `lastPathComponent` document (not
    /// called here: swift-corelibs-foundation's implementation traps on some of these paths).
    @Test func pathsSplitAsNSStringSplitThem() {
        let cases: [(path: String, directory: String, last: String)] = [
            ("/a/b", "/a", "b"), ("/a/b/", "/a", "b"), ("/a", "/", "a"), ("/", "/", "/"), ("a", "", "a"),
            ("a/b", "a", "b"), ("a/b/", "a", "b"),
            ("/var/lib/finetuned/finetuned.db", "/var/lib/finetuned", "finetuned.db"),
            ("../x", "..", "x"), ("", "", ""), ("//", "/", "/"), ("/a/b//", "/a", "b"),
        ]
        for (path, directory, last) in cases {
            #expect(PathText.directory(of: path) == directory, "\(path)")
            #expect(PathText.lastComponent(of: path) == last, "\(path)")
        }
    }

    @Test func trimmingMatchesFoundationsCharacterSets() {
        let texts = [
            "", " ", "  a b  ", "\tx\t", "\u{00A0}y\u{3000}", "\n z \r\n", "\u{2028}w\u{85}", "é ", " \u{301}a",
        ]
        for text in texts {
            #expect(text.trimmingWhitespace() == text.trimmingCharacters(in: .whitespaces), "\(text.debugDescription)")
            #expect(
                text.trimmingWhitespaceAndNewlines() == text.trimmingCharacters(in: .whitespacesAndNewlines),
                "\(text.debugDescription)")
        }
    }

    @Test func calendarDaysAgreeWithFoundationsGregorianCalendar() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(secondsFromGMT: 0))
        // Every day from 1600 to 2400, and texts that are not dates.
        for ordinal in stride(from: -135_140, through: 157_000, by: 1) {
            let day = CalendarDay(ordinal: ordinal)
            let date = Date(timeIntervalSince1970: Double(ordinal) * 86_400)
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            let expected = String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
            guard day.description == expected, CalendarDay(expected)?.ordinal == ordinal else {
                Issue.record("day \(ordinal): \(day.description), expected \(expected)")
                return
            }
        }
        for text in ["2025-02-29", "2024-02-30", "2025-04-31", "2025-13-01", "2025-00-10", "2025-1-01", "20250101"] {
            #expect(CalendarDay(text) == nil, "\(text)")
        }
        #expect(CalendarDay("2024-02-29") != nil)
        #expect(CalendarDay("2000-02-29") != nil)
        #expect(CalendarDay("1900-02-29") == nil)
    }

    @Test func timestampsAreInternetDateTimes() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        for seconds in [0, 0.999, 59.5, 86_399.9, 1_764_000_000.7, 951_782_400, 4_102_444_800, -1, -86_400.5] {
            #expect(
                UTCTimestamp.text(unixSeconds: seconds)
                    == formatter.string(from: Date(timeIntervalSince1970: seconds)), "\(seconds)")
        }
    }

    @Test func namesAreCheckedAsTheAnchoredExpressionsChecked() {
        let names = [
            "", "a", "default", "my.account_1-x", "-lead", ".dot", "_under", "has space", "ünï", "a/b",
            String(repeating: "x", count: 64), String(repeating: "x", count: 65), String(repeating: "y", count: 128),
            String(repeating: "y", count: 129),
        ]
        for name in names {
            let expression = { (pattern: String) in name.range(of: pattern, options: .regularExpression) != nil }
            #expect(
                ASCIIName.matches(
                    name, lengths: 1...64, first: ASCIIName.isNameCharacter, rest: ASCIIName.isNameCharacter)
                    == expression("^[A-Za-z0-9_.-]{1,64}$"), "\(name)")
            #expect(
                ASCIIName.matches(
                    name, lengths: 1...128, first: ASCIIName.isNameCharacter, rest: ASCIIName.isNameCharacter)
                    == expression("^[A-Za-z0-9_.-]{1,128}$"), "\(name)")
            #expect(DeploymentName.isValid(name) == expression("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"), "\(name)")
        }
    }
}
