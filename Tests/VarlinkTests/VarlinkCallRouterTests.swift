import Testing
import Varlink

@Suite struct VarlinkCallRouterTests {
    let router: VarlinkCallRouter

    init() throws {
        let authorizer = PeerCredentialsAuthorizer(
            administratorGroup: 4242, allowOthersToRead: true,
            deniedError: VarlinkError(name: "io.finetuned.Service.PermissionDenied"))
        router = VarlinkCallRouter(
            interfaces: [try TestInterface.make(probe: TestProbe())], authorizer: authorizer)
    }

    private let root = PeerCredentials(pid: 1, uid: 0, gid: 0)
    private let stranger = PeerCredentials(pid: 2, uid: 1000, gid: 1000)

    private func rejection(_ call: VarlinkCallMessage, peer: PeerCredentials? = nil) -> VarlinkError? {
        if case .reject(let error) = router.route(call, peer: peer ?? root) { return error }
        return nil
    }

    @Test func unknownInterfaceMethodAndUnimplementedMethod() {
        #expect(rejection(.init(method: "org.nowhere.Thing")) == .interfaceNotFound("org.nowhere"))
        #expect(
            rejection(.init(method: "io.finetuned.test.Nope"))
                == .methodNotFound("io.finetuned.test.Nope"))
        #expect(
            rejection(.init(method: "io.finetuned.test.Unimplemented"))
                == .methodNotImplemented("io.finetuned.test.Unimplemented"))
        #expect(
            rejection(.init(method: "io.finetuned.test.Echo", parameters: ["text": "x"], upgrade: true))
                == .methodNotImplemented("io.finetuned.test.Echo"))
    }

    @Test func invalidParametersAreNamed() {
        #expect(
            rejection(.init(method: "io.finetuned.test.Add", parameters: ["a": 1]))
                == .invalidParameter("b"))
        #expect(rejection(.init(method: "io.finetuned.test.Add", parameters: ["a": 1, "b": 2])) == nil)
    }

    @Test func streamingMethodsNeedMore() {
        #expect(
            rejection(.init(method: "io.finetuned.test.Count", parameters: ["to": 3])) == .expectedMore)
        #expect(
            rejection(.init(method: "io.finetuned.test.Count", parameters: ["to": 3], more: true)) == nil)
    }

    @Test func authorizationComesBeforeParameterChecks() {
        let denied = VarlinkError(name: "io.finetuned.Service.PermissionDenied")
        // A stranger may read…
        #expect(rejection(.init(method: "io.finetuned.test.Recall"), peer: stranger) == nil)
        // …but not write, whatever the parameters.
        #expect(
            rejection(
                .init(method: "io.finetuned.test.Remember", parameters: ["value": "x"]), peer: stranger)
                == denied)
        #expect(rejection(.init(method: "io.finetuned.test.Remember"), peer: stranger) == denied)
        #expect(
            rejection(.init(method: "io.finetuned.test.Remember", parameters: ["value": "x"]), peer: root)
                == nil)
    }
}

@Suite struct PeerCredentialsAuthorizerTests {
    private func request(
        _ peer: PeerCredentials?, _ access: VarlinkMethodAccess
    )
        -> VarlinkAuthorizationRequest
    {
        VarlinkAuthorizationRequest(
            peer: peer, interface: "io.finetuned.Jobs", method: "M", access: access)
    }

    @Test func rootAndAdministratorsMayDoEverything() {
        let authorizer = PeerCredentialsAuthorizer(administratorGroup: 500, allowOthersToRead: false)
        #expect(authorizer.authorize(request(.init(pid: 1, uid: 0, gid: 0), .write)) == nil)
        #expect(authorizer.authorize(request(.init(pid: 1, uid: 1000, gid: 500), .write)) == nil)
        #expect(
            authorizer.authorize(
                request(.init(pid: 1, uid: 1000, gid: 1000, supplementaryGroups: [27, 500]), .write))
                == nil)
    }

    @Test func othersMayOnlyReadAndOnlyIfConfigured() {
        let other = PeerCredentials(pid: 1, uid: 1000, gid: 1000, supplementaryGroups: [27])
        let closed = PeerCredentialsAuthorizer(administratorGroup: 500, allowOthersToRead: false)
        #expect(closed.authorize(request(other, .read)) == .permissionDenied)
        let open = PeerCredentialsAuthorizer(
            administratorGroup: 500, allowOthersToRead: true,
            deniedError: VarlinkError(name: "x.y.Denied"))
        #expect(open.authorize(request(other, .read)) == nil)
        #expect(open.authorize(request(other, .write)) == VarlinkError(name: "x.y.Denied"))
        #expect(open.authorize(request(nil, .read)) == VarlinkError(name: "x.y.Denied"))
    }
}
