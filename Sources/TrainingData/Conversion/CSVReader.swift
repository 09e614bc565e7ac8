/// RFC 4180 CSV/TSV parsing: quoted fields may hold the delimiter, newlines and `""` quotes.
///
/// Contract: returns the rows of `bytes` (a leading UTF-8 BOM is skipped; `\r\n` and `\n` end
/// rows; a final empty line is not a row), each with the 1-based line on which it starts.
/// Throws ``TrainingDataError/unsupportedInput(_:)`` for an unterminated quoted field.
enum CSVReader {
    struct Row {
        let line: Int
        let fields: [String]
    }

    static func rows(_ bytes: [UInt8], delimiter: UInt8) throws -> [Row] {
        var rows: [Row] = []
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let n = bytes.count
        var line = 1
        while i < n {
            let rowLine = line
            var fields: [String] = []
            var field: [UInt8] = []
            var rowDone = false
            while !rowDone {
                if i < n && bytes[i] == 0x22 {
                    // quoted field
                    i += 1
                    let quoteLine = line
                    while true {
                        guard i < n else {
                            throw TrainingDataError.unsupportedInput(
                                "line \(quoteLine): a quoted field is never closed")
                        }
                        let b = bytes[i]
                        if b == 0x22 {
                            if i + 1 < n && bytes[i + 1] == 0x22 {
                                field.append(0x22)
                                i += 2
                                continue
                            }
                            i += 1
                            break
                        }
                        if b == 0x0A { line += 1 }
                        field.append(b)
                        i += 1
                    }
                }
                // unquoted part (or text after a closing quote)
                while i < n && bytes[i] != delimiter && bytes[i] != 0x0A && bytes[i] != 0x0D {
                    field.append(bytes[i])
                    i += 1
                }
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                if i < n && bytes[i] == delimiter {
                    i += 1
                    continue
                }
                if i < n && bytes[i] == 0x0D { i += 1 }
                if i < n && bytes[i] == 0x0A { i += 1 }
                line += 1
                rowDone = true
            }
            if !(fields.count == 1 && fields[0].isEmpty) { rows.append(Row(line: rowLine, fields: fields)) }
        }
        return rows
    }
}
