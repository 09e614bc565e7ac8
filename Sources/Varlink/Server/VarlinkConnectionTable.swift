/// The server's open connections and its connection caps (in all, and per user); the admission
/// decision, without I/O.
struct VarlinkConnectionTable<Connection> {
    enum Admission: Equatable {
        case admitted(id: Int)
        /// Over the cap for everyone.
        case refusedServerFull(id: Int)
        /// Over the cap for this user; others may still connect.
        case refusedUserFull(id: Int)
    }

    private struct Entry {
        var connection: Connection?
        var uid: UInt32?
    }

    let maximumConnections: Int
    let maximumConnectionsPerUser: Int
    private var entries: [Int: Entry] = [:]
    private var perUser: [UInt32: Int] = [:]
    private var nextID = 1

    init(maximumConnections: Int, maximumConnectionsPerUser: Int) {
        self.maximumConnections = maximumConnections
        self.maximumConnectionsPerUser = maximumConnectionsPerUser
    }

    var count: Int { entries.count }

    /// Admits `connection` of user `uid` (`nil`: unknown, counted only in the total) when fewer
    /// than `maximumConnections` are open and fewer than `maximumConnectionsPerUser` belong to
    /// that user. Every connection gets an id (a refused one too, for the logs); only admitted
    /// ones are kept.
    mutating func admit(_ connection: Connection, uid: UInt32?) -> Admission {
        let admission = reserve(uid: uid)
        if case .admitted(let id) = admission { entries[id]?.connection = connection }
        return admission
    }

    /// Admits a connection not made yet (it needs its id), under the same rules as
    /// ``admit(_:uid:)``; ``fill(id:with:)`` then stores it.
    mutating func reserve(uid: UInt32?) -> Admission {
        let id = nextID
        nextID += 1
        guard entries.count < maximumConnections else { return .refusedServerFull(id: id) }
        if let uid {
            guard perUser[uid, default: 0] < maximumConnectionsPerUser else { return .refusedUserFull(id: id) }
            perUser[uid, default: 0] += 1
        }
        entries[id] = Entry(connection: nil, uid: uid)
        return .admitted(id: id)
    }

    /// Stores the connection of a reserved id; false when the id is gone (removed meanwhile).
    mutating func fill(id: Int, with connection: Connection) -> Bool {
        guard entries[id] != nil else { return false }
        entries[id]?.connection = connection
        return true
    }

    mutating func remove(id: Int) {
        guard let entry = entries.removeValue(forKey: id) else { return }
        if let uid = entry.uid {
            perUser[uid, default: 1] -= 1
            if perUser[uid] == 0 { perUser[uid] = nil }
        }
    }

    /// Removes and returns every connection (at shutdown).
    mutating func removeAll() -> [Connection] {
        defer {
            entries.removeAll()
            perUser.removeAll()
        }
        return entries.values.compactMap(\.connection)
    }
}
