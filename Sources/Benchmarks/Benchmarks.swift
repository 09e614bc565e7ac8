import ArgumentParser

/// `Benchmarks`: programs that print figures beside a baseline measured in the same run.
/// Build in release: `swift run -c release Benchmarks <name>`.
@main
struct Benchmarks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "Benchmarks",
        abstract: "Measure finetuned's parts beside a baseline measured in the same run.",
        subcommands: [
            SimulatorBenchmark.self, PollCycleBenchmark.self, DaemonMemoryBenchmark.self, DaemonMemoryChild.self,
            StartupBenchmark.self, ControlSocketBenchmark.self, AdoptionBenchmark.self,
            MetricsBenchmark.self, SubmitDescriptorBenchmark.self, IdleFootprintBenchmark.self,
            SoakBenchmark.self,
        ])
}
