/// Runs `body`, then awaits `tearDown` (a simulator's shutdown, a connection's close), whether
/// `body` returned or threw, so the next test starts on a quiet process. A teardown that throws
/// after a successful `body` fails the test; after a failed `body`, the body's error is reported.
///
/// The same contract as `FinetunedTesting.withTearDown`, repeated here because this target does
/// not depend on FinetunedTesting (which links the daemon): the simulator and Varlink are tested
/// on their own.
func withTearDown<T>(_ tearDown: () async throws -> Void, _ body: () async throws -> T) async throws -> T {
    do {
        let result = try await body()
        try await tearDown()
        return result
    } catch {
        try? await tearDown()
        throw error
    }
}
