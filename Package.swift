// swift-tools-version:6.1
// finetuned: a systemd daemon that submits OpenAI fine-tuning jobs and watches them until they end.
//
// Module dependencies run one way, top to bottom (see README "Architecture"):
//   executables → FineTuneDaemon → OpenAIFineTuning, TrainingData, JobStore, Systemd, Varlink
//   OpenAISimulator stands beside the client and shares no code with it, so that the two check
//   each other: a field the client misreads is not silently misread the same way by the fake.
import PackageDescription

/// Release builds of our own Swift modules put each function in a section of its own, so that
/// the link of `finetuned` can order them (`finetunedLink`). Dependencies keep one section per
/// source file: a package cannot set their compiler flags.
let functionSections: [SwiftSetting] = [
    .unsafeFlags(["-Xfrontend", "-function-sections"], .when(platforms: [.linux], configuration: .release))
]

/// The release link of `finetuned` (idle RSS, issue 14; figures in README):
/// - `-static-stdlib`: the Swift runtime, FoundationEssentials and Dispatch are linked in, so
///   their code joins the ordering below (the stdlib's archive has a section per function for
///   most of its code; FoundationEssentials' has one per source file, which moves whole), and
///   the daemon needs no Swift toolchain on the host. FoundationEssentials' two helper archives
///   are named, since the linker does not read autolink entries from archives. The driver's
///   `-export-dynamic` for a static stdlib is turned off again (`--no-export-dynamic`; lld takes
///   the last): it exported every public symbol of every module, 31,000 of them, whose 2.7 MB of
///   dynamic symbol tables the loader reads at start (2.1 MiB resident). Nothing looks up the
///   daemon's symbols at run time: it loads no plugins.
/// - lld with `--symbol-ordering-file`: the functions the daemon runs from exec to idle go first
///   in .text, in the order first run (`startup-functions.order`, written by
///   scripts/generate-link-order; names the binary no longer has are skipped quietly), so the
///   kernel's 64 KiB fault-around maps a few windows of code instead of most of .text.
/// - `-z pack-relative-relocs`: relative relocations packed (DT_RELR, glibc ≥ 2.36), so the
///   loader reads a few KB of them instead of about 1 MB.
/// The executable stays position-independent (ASLR).
let finetunedLink: [LinkerSetting] = [
    .unsafeFlags(
        [
            "-static-stdlib", "-l_FoundationCollections", "-l_FoundationCShims",
            "-Xlinker", "--no-export-dynamic",
            "-use-ld=lld",
            "-Xlinker", "--symbol-ordering-file=\(Context.packageDirectory)/Sources/finetuned/startup-functions.order",
            "-Xlinker", "--no-warn-symbol-ordering",
            "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
        ], .when(platforms: [.linux], configuration: .release))
]

let package = Package(
    name: "finetuned",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "finetuned", targets: ["finetuned"]),
        .executable(name: "finetunectl", targets: ["finetunectl"]),
        .executable(name: "openai-sim", targets: ["openai-sim"]),
        .library(name: "OpenAIFineTuning", targets: ["OpenAIFineTuning"]),
        .library(name: "TrainingData", targets: ["TrainingData"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        // System libraries, found through pkg-config.
        .systemLibrary(
            name: "CSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(
            name: "CSystemd", pkgConfig: "libsystemd",
            providers: [.apt(["libsystemd-dev"])]),
        .systemLibrary(
            name: "CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(
            name: "CCrypto", pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]),
        // glibc's malloc.h (malloc_trim), which the Glibc module does not export.
        .systemLibrary(name: "CMalloc"),

        // Foundations with no network.
        .target(name: "InstalledResources", swiftSettings: functionSections),
        // The one JSON value type, its parser, writer and Codable bridges (no Foundation JSON).
        .target(name: "JSON", swiftSettings: functionSections),
        .target(name: "ProjectVersion", swiftSettings: functionSections),
        .target(
            name: "Systemd",
            dependencies: [
                "CSystemd", .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ], swiftSettings: functionSections),
        .target(name: "JobStore", dependencies: ["CSQLite"], swiftSettings: functionSections),
        // The tokenizer's rank files, in a C target with no code so that SwiftPM generates no
        // Swift `Bundle.module` accessor (it imports Foundation; TrainingData uses
        // InstalledResources.ResourceDirectory).
        .target(name: "TrainingDataResources", resources: [.copy("tiktoken")]),
        // The daemon's Varlink interface files and announced retirements, for the same reason.
        .target(name: "FineTuneDaemonResources", resources: [.copy("Interfaces"), .copy("Announced")]),
        .target(
            name: "TrainingData", dependencies: ["CZlib", "InstalledResources", "JSON", "TrainingDataResources"],
            swiftSettings: functionSections),

        // The OpenAI REST client and its fake.
        .target(
            name: "OpenAIFineTuning",
            dependencies: [
                "JSON",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "_NIOFileSystem", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ], swiftSettings: functionSections),
        .target(
            name: "OpenAISimulator",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]),

        // The control protocol.
        .target(name: "CVarlinkSocket"),
        .target(
            name: "Varlink",
            dependencies: [
                "CVarlinkSocket", "JSON",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ], swiftSettings: functionSections),

        // The control protocol's messages, shared by the daemon and its clients.
        .target(name: "ControlProtocol", dependencies: ["Varlink"], swiftSettings: functionSections),

        // Prometheus metrics: the daemon's catalog of metrics and the /metrics listener.
        .target(
            name: "DaemonMetrics",
            dependencies: [
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ], swiftSettings: functionSections),

        // The daemon's logic.
        .target(
            name: "FineTuneDaemon",
            dependencies: [
                "OpenAIFineTuning", "TrainingData", "JobStore", "Systemd", "Varlink", "ControlProtocol",
                "InstalledResources", "ProjectVersion", "DaemonMetrics", "CCrypto", "CMalloc",
                "FineTuneDaemonResources",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ], swiftSettings: functionSections),

        // Executables: argument parsing and wiring only.
        .executableTarget(
            name: "finetuned",
            dependencies: [
                "ControlProtocol", "FineTuneDaemon", "OpenAIFineTuning", "Varlink", "Systemd", "ProjectVersion",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            exclude: ["startup-functions.order"],
            swiftSettings: functionSections,
            linkerSettings: finetunedLink),
        .executableTarget(
            name: "finetunectl",
            dependencies: [
                "TrainingData", "Varlink", "ControlProtocol", "ProjectVersion",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(
            name: "openai-sim",
            dependencies: [
                "OpenAISimulator", "ProjectVersion",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]),
        .executableTarget(
            name: "Benchmarks",
            dependencies: [
                "OpenAIFineTuning", "OpenAISimulator", "TrainingData",
                .product(name: "Logging", package: "swift-log"), "FineTuneDaemon", "JobStore",
                "Systemd", "Varlink",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]),

        // Test and benchmark programs.
        .executableTarget(
            name: "finetuned-systemd-probe",
            dependencies: [
                "Systemd", .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            path: "Sources/SystemdProbe"),
        .executableTarget(name: "JobStoreBenchmark", dependencies: ["JobStore"], path: "Sources/JobStoreBenchmark"),
        // What the Swift libraries cost in resident memory: the same small program on the
        // standard library alone, FoundationEssentials, Foundation, and Foundation linked
        // statically (`Benchmarks idle-footprint`).
        .executableTarget(name: "footprint-probe-swift", path: "Sources/FootprintProbes/Swift"),
        .executableTarget(name: "footprint-probe-essentials", path: "Sources/FootprintProbes/Essentials"),
        .executableTarget(name: "footprint-probe-foundation", path: "Sources/FootprintProbes/Foundation"),
        .executableTarget(
            name: "footprint-probe-foundation-static", path: "Sources/FootprintProbes/FoundationStatic",
            swiftSettings: [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux]))],
            linkerSettings: [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux]))]),

        // Test support: scoped fixtures whose teardown is awaited (as HummingbirdTesting is).
        .target(
            name: "FinetunedTesting",
            dependencies: [
                "FineTuneDaemon", "OpenAISimulator", "OpenAIFineTuning", "JobStore", "Systemd",
                .product(name: "Logging", package: "swift-log"),
            ]),

        // Tests.
        .testTarget(name: "SystemdTests", dependencies: ["Systemd"]),
        .testTarget(name: "JobStoreTests", dependencies: ["JobStore"]),
        .testTarget(
            name: "DaemonMetricsTests",
            dependencies: ["DaemonMetrics", .product(name: "Prometheus", package: "swift-prometheus")]),
        .testTarget(name: "TrainingDataTests", dependencies: ["TrainingData"], exclude: ["Fixtures"]),
        .testTarget(
            name: "OpenAISimulatorTests",
            dependencies: [
                "OpenAISimulator",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]),
        .testTarget(
            name: "OpenAIFineTuningTests",
            dependencies: [
                "OpenAIFineTuning", "OpenAISimulator", "FinetunedTesting",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]),
        .testTarget(
            name: "VarlinkTests",
            dependencies: [
                "Varlink",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "FineTuneDaemonTests",
            dependencies: [
                "FineTuneDaemon", "OpenAISimulator", "OpenAIFineTuning", "JobStore", "Systemd", "Varlink",
                "DaemonMetrics",
                "FinetunedTesting",
            ]),
        .testTarget(
            name: "FinetunectlTests",
            dependencies: [
                "FineTuneDaemon", "OpenAISimulator", "OpenAIFineTuning", "JobStore", "Systemd", "Varlink",
                "FinetunedTesting", .product(name: "Logging", package: "swift-log"),
            ]),
    ]
)
