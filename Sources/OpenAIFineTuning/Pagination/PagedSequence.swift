/// The items of a cursor-paginated list, fetched a page at a time as iteration needs them. The
/// next page is requested `after` the last item's id; iteration ends when a page says it is the
/// last (`has_more: false`) or comes back empty.
public struct PagedSequence<Item: Codable & Sendable & Identifiable>: AsyncSequence, Sendable
where Item.ID == String {
    public typealias Element = Item
    public typealias Failure = OpenAIError
    let fetch: @Sendable (String?) async throws(OpenAIError) -> ListPage<Item>

    init(fetch: @escaping @Sendable (String?) async throws(OpenAIError) -> ListPage<Item>) {
        self.fetch = fetch
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let fetch: @Sendable (String?) async throws(OpenAIError) -> ListPage<Item>
        var buffer: [Item] = []
        var index = 0
        var cursor: String?
        var finished = false

        public mutating func next() async throws(OpenAIError) -> Item? {
            while index >= buffer.count {
                guard !finished else { return nil }
                let page = try await fetch(cursor)
                buffer = page.data
                index = 0
                cursor = page.data.last?.id
                finished = !page.hasMore || page.data.isEmpty
            }
            defer { index += 1 }
            return buffer[index]
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(fetch: fetch) }

    /// Collects every item (use only on lists known to be small).
    public func collect() async throws(OpenAIError) -> [Item] {
        var items: [Item] = []
        var iterator = makeAsyncIterator()
        while let item = try await iterator.next() { items.append(item) }
        return items
    }
}
