import NIOCore
import Testing

@testable import Varlink

@Suite struct VarlinkServerConnectionStateMachineTests {
    private let one = ByteBuffer(string: "1")
    private let two = ByteBuffer(string: "2")
    private let three = ByteBuffer(string: "3")

    @Test func callsRunOneAtATimeInArrivalOrder() {
        var machine = VarlinkServerConnectionStateMachine(maximumQueuedCalls: 8)
        #expect(machine.frameReceived(one) == .startCall(one))
        #expect(machine.frameReceived(two) == .none)
        #expect(machine.frameReceived(three) == .none)
        #expect(machine.callFinished(closeConnection: false) == .startCall(two))
        #expect(machine.callFinished(closeConnection: false) == .startCall(three))
        #expect(machine.callFinished(closeConnection: false) == .awaitNextCall)
    }

    @Test func readingStopsWhenTheQueueIsFullAndResumesWhenItDrains() {
        var machine = VarlinkServerConnectionStateMachine(maximumQueuedCalls: 2)
        _ = machine.frameReceived(one)
        _ = machine.frameReceived(two)
        #expect(machine.wantsInput)
        _ = machine.frameReceived(three)
        #expect(!machine.wantsInput)
        _ = machine.callFinished(closeConnection: false)
        #expect(machine.wantsInput)
    }

    @Test func theNextCallWaitsWhileTheClientIsNotReading() {
        var machine = VarlinkServerConnectionStateMachine(maximumQueuedCalls: 8)
        _ = machine.frameReceived(one)
        _ = machine.frameReceived(two)
        #expect(machine.writabilityChanged(isWritable: false) == .none)
        #expect(machine.callFinished(closeConnection: false) == .none)
        #expect(machine.writabilityChanged(isWritable: true) == .startCall(two))
    }

    @Test func endOfInputAnswersWhatArrivedThenCloses() {
        var machine = VarlinkServerConnectionStateMachine(maximumQueuedCalls: 8)
        _ = machine.frameReceived(one)
        _ = machine.frameReceived(two)
        let tooLarge = VarlinkError(name: "x.y.MessageTooLarge")
        #expect(machine.inputEnded(finalError: tooLarge) == .none)
        #expect(machine.frameReceived(three) == .none)
        #expect(machine.callFinished(closeConnection: false) == .startCall(two))
        #expect(machine.callFinished(closeConnection: false) == .close(sendingFirst: tooLarge))
        #expect(machine.isClosed)
    }

    @Test func endOfInputWhileIdleClosesAtOnce() {
        var machine = VarlinkServerConnectionStateMachine(maximumQueuedCalls: 8)
        #expect(machine.inputEnded(finalError: nil) == .close(sendingFirst: nil))
    }

    @Test func aBrokenMessageClosesWithoutRunningWhatIsQueued() {
        var machine = VarlinkServerConnectionStateMachine(maximumQueuedCalls: 8)
        _ = machine.frameReceived(one)
        _ = machine.frameReceived(two)
        #expect(machine.callFinished(closeConnection: true) == .close(sendingFirst: nil))
        #expect(machine.frameReceived(three) == .none)
    }

    @Test func theIdleTimerClosesOnlyAnIdleConnection() {
        var machine = VarlinkServerConnectionStateMachine(maximumQueuedCalls: 8)
        _ = machine.frameReceived(one)
        #expect(machine.idleTimerFired() == .none)
        _ = machine.callFinished(closeConnection: false)
        #expect(machine.idleTimerFired() == .close(sendingFirst: nil))
    }

    @Test func theSlowClientTimerClosesOnlyWhileStillNotWritable() {
        var machine = VarlinkServerConnectionStateMachine(maximumQueuedCalls: 8)
        _ = machine.writabilityChanged(isWritable: false)
        _ = machine.writabilityChanged(isWritable: true)
        #expect(machine.slowClientTimerFired() == .none)
        _ = machine.writabilityChanged(isWritable: false)
        #expect(machine.slowClientTimerFired() == .close(sendingFirst: nil))
    }
}
