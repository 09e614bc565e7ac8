/// The few string edits the client needs, on the standard library alone (Foundation's
/// `trimmingCharacters`, `addingPercentEncoding` and `NSString` paths are not in
/// FoundationEssentials).
extension StringProtocol {
    /// Without leading and trailing white space and line breaks (Unicode's definition).
    func trimmingWhitespace() -> String {
        let scalars = String(self).unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }

    /// Every UTF-8 byte outside ASCII letters, digits and `unreserved` as `%XX` (upper case).
    func percentEncoded(keeping unreserved: String) -> String {
        let kept = Set(unreserved.utf8)
        var result = ""
        result.reserveCapacity(utf8.count)
        for byte in utf8 {
            if Self.isASCIIAlphanumeric(byte) || kept.contains(byte) {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = Array("0123456789ABCDEF".utf8)
                result += "%"
                result.unicodeScalars.append(Unicode.Scalar(hex[Int(byte >> 4)]))
                result.unicodeScalars.append(Unicode.Scalar(hex[Int(byte & 0x0F)]))
            }
        }
        return result
    }

    private static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        let lower: ClosedRange<UInt8> = 0x61...0x7A
        let upper: ClosedRange<UInt8> = 0x41...0x5A
        let digit: ClosedRange<UInt8> = 0x30...0x39
        return lower.contains(byte) || upper.contains(byte) || digit.contains(byte)
    }

    /// The last component of a slash-separated path (`NSString.lastPathComponent`): trailing
    /// slashes ignored, `/` for the root.
    var lastPathComponent: String {
        let parts = split(separator: "/")
        guard let last = parts.last else { return hasPrefix("/") ? "/" : "" }
        return String(last)
    }
}
