import Foundation
import Testing

/// `finetuned demo` tells the README's story by starting the `openai-sim` built beside it as a
/// child, and the daemon's binary carries none of the simulator's code.
@Suite struct DemoTests {
    @Test func theDaemonBinaryLinksNoSimulatorCode() async throws {
        let symbols = try await Ctl.run([Ctl.sibling("finetuned")], timeout: .seconds(120), program: "/usr/bin/nm")
        try #require(symbols.status == 0, "\(symbols.stderr)")
        // A control: the daemon's own module is there, so the binary is not stripped.
        #expect(symbols.stdout.contains("14FineTuneDaemon"))
        let simulatorSymbols = symbols.stdout.split(separator: "\n").filter { $0.contains("15OpenAISimulator") }
        #expect(simulatorSymbols.isEmpty, "\(simulatorSymbols.prefix(5))")
        // The simulator's own binary, by contrast, has them (the check can see them).
        let simulator = try await Ctl.run([Ctl.sibling("openai-sim")], timeout: .seconds(120), program: "/usr/bin/nm")
        #expect(simulator.stdout.contains("15OpenAISimulator"))
    }

    @Test func theDemoRunsTheSiblingSimulatorThroughToTheChat() async throws {
        let run = try await Ctl.run(["demo", "--time-scale", "200"], timeout: .seconds(180), program: "finetuned")
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("(openai-sim, pid "), "\(run)")
        #expect(run.stdout.contains("status     succeeded"), "\(run)")
        #expect(run.stdout.contains("assistant  "), "\(run)")
    }

    @Test func theAzureDemoRunsTheSiblingSimulatorAsAzureThroughADeployment() async throws {
        let run = try await Ctl.run(
            ["demo", "--azure", "--time-scale", "200"], timeout: .seconds(180), program: "finetuned")
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("(Azure OpenAI) (openai-sim, pid "), "\(run)")
        #expect(run.stdout.contains("status     succeeded"), "\(run)")
        #expect(run.stdout.contains("assistant  "), "\(run)")
    }

    @Test func theDemoSaysWhereTheSimulatorShouldBeWhenItIsMissing() async throws {
        let run = try await Ctl.run(
            ["demo", "--simulator", "/nonexistent/openai-sim"], timeout: .seconds(60), program: "finetuned")
        #expect(run.status != 0)
        #expect(run.stderr.contains("--simulator /nonexistent/openai-sim: not an executable file"), "\(run)")
    }
}
