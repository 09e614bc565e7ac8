/// One page of a cursor-paginated list (`object: "list"`). Jobs and events lists carry no
/// `first_id` / `last_id`; files and checkpoints do. The next page starts `after` the last item.
public struct ListPage<Item: Codable & Sendable & Identifiable>: Codable, Sendable
where Item.ID == String {
    public var data: [Item]
    public var hasMore: Bool
    public var firstID: String?
    public var lastID: String?

    enum CodingKeys: String, CodingKey {
        case data
        case hasMore = "has_more"
        case firstID = "first_id"
        case lastID = "last_id"
    }

    public init(data: [Item], hasMore: Bool) {
        self.data = data
        self.hasMore = hasMore
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        data = try c.decode([Item].self, forKey: .data)
        // `/models` has no `has_more`: it is one page.
        hasMore = try c.decodeIfPresent(Bool.self, forKey: .hasMore) ?? false
        firstID = try c.decodeIfPresent(String.self, forKey: .firstID)
        lastID = try c.decodeIfPresent(String.self, forKey: .lastID)
    }

    /// The cursor for the next page, or nil when this is the last one.
    public var nextCursor: String? { hasMore ? data.last?.id : nil }
}
