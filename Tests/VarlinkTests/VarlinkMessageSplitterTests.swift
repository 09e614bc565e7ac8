import NIOCore
import Testing

@testable import Varlink

/// Which message descriptors belong to: the one the read that brought them ended in.
@Suite struct VarlinkMessageSplitterTests {
    private struct Frame: Equatable {
        var text: String
        var descriptors: [Int32]
        init(_ text: String, _ descriptors: [Int32]) {
            self.text = text
            self.descriptors = descriptors
        }
    }

    private func receive(
        _ splitter: inout VarlinkMessageSplitter, _ text: String, _ descriptors: [Int32]
    ) throws -> [Frame] {
        var messages: [VarlinkMessageSplitter.Message] = []
        try Array(text.utf8).withUnsafeBytes { bytes in
            try splitter.receive(bytes, descriptors: descriptors, completed: &messages)
        }
        return messages.map { Frame(String(buffer: $0.frame), $0.descriptors) }
    }

    @Test func descriptorsGoToTheMessageTheReadEndedIn() throws {
        var splitter = VarlinkMessageSplitter(maximumMessageSize: 100)
        // The first read ends inside message 2, which carried the descriptor.
        #expect(try receive(&splitter, "one\u{0}tw", [7]) == [Frame("one", [])])
        #expect(try receive(&splitter, "o\u{0}three\u{0}", []) == [Frame("two", [7]), Frame("three", [])])
        // A read that ends on a NUL: its descriptors are the last message's.
        #expect(try receive(&splitter, "four\u{0}five\u{0}", [8, 9]) == [Frame("four", []), Frame("five", [8, 9])])
        #expect(splitter.discardPending() == [])
    }

    @Test func descriptorsOfAnOversizeMessageAreHandedBackToClose() throws {
        var splitter = VarlinkMessageSplitter(maximumMessageSize: 4)
        #expect(try receive(&splitter, "ok\u{0}123", [5]) == [Frame("ok", [])])
        #expect(throws: VarlinkProtocolError.self) { try receive(&splitter, "456789", [6]) }
        #expect(splitter.discardPending() == [5, 6])
    }
}
