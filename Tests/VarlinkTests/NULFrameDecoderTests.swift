import NIOCore
import Testing
import Varlink

@Suite struct NULFrameDecoderTests {
    private func frames(feeding chunks: [[UInt8]], maximum: Int = 1024) throws -> [String] {
        var decoder = NULFrameDecoder(maximumMessageSize: maximum)
        var buffer = ByteBuffer()
        var result: [String] = []
        for chunk in chunks {
            buffer.writeBytes(chunk)
            while let frame = try decoder.nextFrame(from: &buffer) {
                result.append(String(buffer: frame))
            }
        }
        return result
    }

    @Test func aMessageSplitByteByByteComesOutWhole() throws {
        let message = Array(#"{"method":"a.b.C"}"#.utf8) + [0]
        #expect(try frames(feeding: message.map { [$0] }) == [#"{"method":"a.b.C"}"#])
    }

    @Test func severalMessagesInOneReadComeOutInOrder() throws {
        let bytes = Array("one\u{0}two\u{0}three\u{0}fou".utf8)
        #expect(try frames(feeding: [bytes]) == ["one", "two", "three"])
        #expect(try frames(feeding: [bytes, Array("r\u{0}".utf8)]) == ["one", "two", "three", "four"])
    }

    @Test func twoNULsInARowMakeAnEmptyMessage() throws {
        #expect(try frames(feeding: [[0, 0]]) == ["", ""])
    }

    @Test func aMessageAtTheLimitPassesAndOneByteMoreFails() throws {
        let atLimit = [UInt8](repeating: UInt8(ascii: "a"), count: 16)
        #expect(
            try frames(feeding: [atLimit + [0]], maximum: 16) == [String(repeating: "a", count: 16)])
        #expect(throws: VarlinkProtocolError.messageTooLarge(limit: 16)) {
            try frames(feeding: [atLimit + [UInt8(ascii: "a"), 0]], maximum: 16)
        }
    }

    @Test func anOversizeMessageFailsBeforeItsNULArrives() throws {
        // Bytes arrive in small pieces without a NUL: the decoder gives up once the limit is
        // passed instead of buffering whatever the client sends.
        let pieces = Array(repeating: [UInt8](repeating: UInt8(ascii: "a"), count: 10), count: 3)
        #expect(throws: VarlinkProtocolError.messageTooLarge(limit: 25)) {
            try frames(feeding: pieces, maximum: 25)
        }
    }
}
