/// The server's open connections and its connection cap; the admission decision, without I/O.
struct VarlinkConnectionTable<Connection> {
    enum Admission: Equatable {
        case admitted(id: Int)
        case refused(id: Int)
    }

    let maximumConnections: Int
    private(set) var connections: [Int: Connection] = [:]
    private var nextID = 1

    init(maximumConnections: Int) {
        self.maximumConnections = maximumConnections
    }

    /// Admits `connection` when fewer than `maximumConnections` are open. Every connection gets
    /// an id (a refused one too, for the logs); only admitted ones are kept.
    mutating func admit(_ connection: Connection) -> Admission {
        let id = nextID
        nextID += 1
        guard connections.count < maximumConnections else { return .refused(id: id) }
        connections[id] = connection
        return .admitted(id: id)
    }

    mutating func remove(id: Int) {
        connections[id] = nil
    }

    /// Removes and returns every connection (at shutdown).
    mutating func removeAll() -> [Connection] {
        defer { connections.removeAll() }
        return Array(connections.values)
    }
}
