import Foundation

/// A minimal `multipart/form-data` parser: enough for the Files and Uploads APIs.
enum Multipart {
    struct Part {
        var name: String
        var filename: String?
        var data: ArraySlice<UInt8>
        var text: String? { String(decoding: data, as: UTF8.self) }
    }

    static func parse(_ request: SimRequest) -> [Part]? {
        guard let type = request.header("content-type"), type.lowercased().hasPrefix("multipart/form-data"),
            let range = type.range(of: "boundary=")
        else { return nil }
        var boundary = String(type[range.upperBound...])
        if let end = boundary.firstIndex(of: ";") { boundary = String(boundary[..<end]) }
        boundary = boundary.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        let delimiter = Array(("--" + boundary).utf8)
        let body = request.body
        var parts: [Part] = []
        var positions: [Int] = []
        var index = 0
        while let found = find(delimiter, in: body, from: index) {
            positions.append(found)
            index = found + delimiter.count
        }
        guard positions.count >= 2 else { return nil }
        for (start, end) in zip(positions, positions.dropFirst()) {
            var partStart = start + delimiter.count
            if body[partStart..<min(partStart + 2, body.count)].elementsEqual([13, 10]) { partStart += 2 }
            guard let headerEnd = find([13, 10, 13, 10], in: body, from: partStart), headerEnd < end else { continue }
            let headers = String(decoding: body[partStart..<headerEnd], as: UTF8.self)
            var dataEnd = end
            if dataEnd >= 2 && body[dataEnd - 2] == 13 && body[dataEnd - 1] == 10 { dataEnd -= 2 }
            guard let name = value(of: "name", in: headers) else { continue }
            parts.append(
                Part(
                    name: name, filename: value(of: "filename", in: headers),
                    data: body[(headerEnd + 4)..<max(headerEnd + 4, dataEnd)]))
        }
        return parts
    }

    private static func value(of key: String, in headers: String) -> String? {
        for line in headers.split(separator: "\r\n") where line.lowercased().hasPrefix("content-disposition") {
            for item in line.split(separator: ";") {
                let trimmed = item.trimmingCharacters(in: .whitespaces)
                if trimmed.hasPrefix(key + "=") {
                    return String(trimmed.dropFirst(key.count + 1)).trimmingCharacters(
                        in: CharacterSet(charactersIn: "\""))
                }
            }
        }
        return nil
    }

    /// The first index of `needle` in `haystack` at or after `from`.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        var i = from
        let last = haystack.count - needle.count
        let first = needle[0]
        while i <= last {
            if haystack[i] == first {
                var matched = true
                for j in 1..<needle.count where haystack[i + j] != needle[j] {
                    matched = false
                    break
                }
                if matched { return i }
            }
            i += 1
        }
        return nil
    }
}
