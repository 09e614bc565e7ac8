/// Checks of names made of a few ASCII characters, in place of the anchored regular expressions
/// (`^[A-Za-z0-9_.-]{1,64}$`) that needed Foundation's `range(of:options: .regularExpression)`.
package enum ASCIIName {
    /// True when `text` has `lengths` characters, the first in `first` and every other in `rest`.
    package static func matches(
        _ text: String, lengths: ClosedRange<Int>, first: (UInt8) -> Bool, rest: (UInt8) -> Bool
    ) -> Bool {
        let bytes = Array(text.utf8)
        guard lengths.contains(bytes.count), let head = bytes.first, first(head) else { return false }
        return bytes.dropFirst().allSatisfy(rest)
    }

    /// `[A-Za-z0-9]`.
    package static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// `[A-Za-z0-9_.-]`.
    package static func isNameCharacter(_ byte: UInt8) -> Bool {
        isLetterOrDigit(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
    }
}
