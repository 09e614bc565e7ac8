import Testing

@testable import Varlink

@Suite struct VarlinkConnectionTableTests {
    @Test func theTotalCapRefusesEveryoneOnceReached() {
        var table = VarlinkConnectionTable<String>(maximumConnections: 2, maximumConnectionsPerUser: 10)
        #expect(table.admit("a", uid: 1) == .admitted(id: 1))
        #expect(table.admit("b", uid: 2) == .admitted(id: 2))
        #expect(table.admit("c", uid: 0) == .refusedServerFull(id: 3))
        table.remove(id: 1)
        #expect(table.admit("d", uid: 0) == .admitted(id: 4))
        #expect(table.count == 2)
    }

    @Test func thePerUserCapLeavesRoomForOthers() {
        var table = VarlinkConnectionTable<String>(maximumConnections: 10, maximumConnectionsPerUser: 2)
        #expect(table.admit("a", uid: 1000) == .admitted(id: 1))
        #expect(table.admit("b", uid: 1000) == .admitted(id: 2))
        #expect(table.admit("c", uid: 1000) == .refusedUserFull(id: 3))
        #expect(table.admit("d", uid: 0) == .admitted(id: 4))
        #expect(table.admit("e", uid: nil) == .admitted(id: 5))
        table.remove(id: 2)
        table.remove(id: 2)  // removing twice changes nothing
        #expect(table.admit("f", uid: 1000) == .admitted(id: 6))
        #expect(table.admit("g", uid: 1000) == .refusedUserFull(id: 7))
        #expect(Set(table.removeAll()) == ["a", "d", "e", "f"])
        #expect(table.count == 0)
    }
}
