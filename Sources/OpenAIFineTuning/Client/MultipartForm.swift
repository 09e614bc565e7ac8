import NIOCore
import NIOFileSystem

/// A `multipart/form-data` body with text fields and one file part whose bytes are streamed from
/// disk in chunks, never loaded whole. Its length is known up front, so the request carries a
/// `Content-Length` and the server can refuse an oversize upload before reading it.
struct MultipartForm: Sendable {
    struct FilePart: Sendable {
        var fieldName: String
        var filename: String
        var contentType: String
        var path: String
        /// The byte range of the file to send (the whole file, or one part of an upload).
        var range: Range<Int64>
    }

    var boundary: String
    var fields: [(name: String, value: String)]
    var file: FilePart

    init(fields: [(name: String, value: String)], file: FilePart) {
        self.boundary = "finetuned-" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
        self.fields = fields
        self.file = file
    }

    var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    /// Everything before the file's bytes.
    var head: ByteBuffer {
        var text = ""
        for field in fields {
            text += "--\(boundary)\r\n"
            text += "Content-Disposition: form-data; name=\"\(Self.escape(field.name))\"\r\n\r\n"
            text += "\(field.value)\r\n"
        }
        text += "--\(boundary)\r\n"
        text += "Content-Disposition: form-data; name=\"\(Self.escape(file.fieldName))\"; "
        text += "filename=\"\(Self.escape(file.filename))\"\r\n"
        text += "Content-Type: \(file.contentType)\r\n\r\n"
        return ByteBuffer(string: text)
    }

    /// Everything after the file's bytes.
    var tail: ByteBuffer { ByteBuffer(string: "\r\n--\(boundary)--\r\n") }

    var contentLength: Int64 {
        Int64(head.readableBytes) + Int64(file.range.count) + Int64(tail.readableBytes)
    }

    /// Called with the file bytes sent so far, as they are handed to the connection.
    var progress: (@Sendable (Int64) -> Void)?

    /// Runs `body` with the form's bytes as an async sequence; the file is open only meanwhile.
    func withByteStream<T: Sendable>(
        _ body: (ConcatenatedByteStream<FileChunks>) async throws -> T
    ) async throws -> T {
        try await FileSystem.shared.withFileHandle(forReadingAt: FilePath(file.path)) { handle in
            let chunks = handle.readChunks(in: file.range, chunkLength: .kibibytes(256))
            return try await body(ConcatenatedByteStream(head: head, body: chunks, tail: tail, progress: progress))
        }
    }

    private static func escape(_ text: String) -> String {
        // By scalar: a `"\r\n"` is one `Character`, which a `Character`-wise edit would miss.
        var escaped = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where scalar != "\r" && scalar != "\n" {
            if scalar == "\"" { escaped.append(contentsOf: "%22".unicodeScalars) } else { escaped.append(scalar) }
        }
        return String(escaped)
    }
}

/// A head buffer, then every buffer of an inner sequence, then a tail buffer.
struct ConcatenatedByteStream<Inner: AsyncSequence & Sendable>: AsyncSequence, Sendable
where Inner.Element == ByteBuffer {
    typealias Element = ByteBuffer
    let head: ByteBuffer
    let body: Inner
    let tail: ByteBuffer
    let progress: (@Sendable (Int64) -> Void)?

    struct AsyncIterator: AsyncIteratorProtocol {
        enum Stage { case head, body, tail, done }
        var stage = Stage.head
        var head: ByteBuffer
        var inner: Inner.AsyncIterator
        var tail: ByteBuffer
        var progress: (@Sendable (Int64) -> Void)?
        var sent: Int64 = 0

        mutating func next() async throws -> ByteBuffer? {
            switch stage {
            case .head:
                stage = .body
                return head
            case .body:
                if let chunk = try await inner.next() {
                    sent += Int64(chunk.readableBytes)
                    progress?(sent)
                    return chunk
                }
                stage = .done
                return tail
            case .tail:
                stage = .done
                return tail
            case .done:
                return nil
            }
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(head: head, inner: body.makeAsyncIterator(), tail: tail, progress: progress)
    }
}
