// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "flagdeck",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "flagdeck", targets: ["flagdeck"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // ncurses through a shim header: the macros and C globals Swift 6 cannot import.
        .systemLibrary(name: "CNcurses", path: "Sources/CNcurses"),

        // Pure model: JSON, feature-flag documents, fleet derivations. No I/O.
        .target(name: "FlagModel"),

        // Cell buffer, widgets, themes, key decoding and the terminals (ncurses + headless).
        .target(name: "TerminalUI", dependencies: ["CNcurses"]),

        // AWS plumbing: credentials, SigV4, STS, retries, transport, read-only guard.
        .target(
            name: "AWSCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // Typed AppConfig control-plane operations with pagination.
        .target(name: "AppConfigClient", dependencies: ["AWSCore"]),

        // A local AppConfig (and STS) for the demo, tests and benchmarks.
        .target(
            name: "AppConfigEmulator",
            dependencies: [
                "AWSCore", "FlagModel",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // The configuration file (YAML): accounts, patterns, thresholds, theme.
        .target(name: "FlagDeckConfig", dependencies: ["FlagModel", "Yams"]),

        // SQLite: immutable caches, snapshots, review decisions, the action journal.
        .target(name: "FleetStore", dependencies: ["FlagModel", .product(name: "GRDB", package: "GRDB.swift")]),

        // The team store on PostgreSQL: shared decisions, journal and published snapshots.
        .target(name: "TeamStore", dependencies: ["FlagModel", "FleetStore", .product(name: "PostgresNIO", package: "postgres-nio"),
                                                   .product(name: "Logging", package: "swift-log")]),

        // Accounts from AWS Organizations or IAM Identity Center: listings, include/exclude,
        // enabled regions, kept in the store.
        .target(
            name: "AccountDiscovery",
            dependencies: ["AWSCore", "FlagDeckConfig", "FleetStore", .product(name: "Logging", package: "swift-log")]
        ),

        // Concurrent walk of accounts × regions into a FleetSnapshot.
        .target(
            name: "FleetScanner",
            dependencies: ["AppConfigClient", "AWSCore", "AccountDiscovery", "FlagModel", "FleetStore", "FlagDeckConfig",
                           .product(name: "Logging", package: "swift-log")]
        ),

        // Toggling flags safely: new versions from the deployed one, optimistic locking,
        // concurrent deployments, stop and revert, the journal.
        .target(name: "FlagDeploy", dependencies: ["AppConfigClient", "AWSCore", "FlagModel", "FleetStore",
                                                    .product(name: "Logging", package: "swift-log")]),

        // Code references: flag keys (and their camel/Pascal/SCREAMING/kebab spellings) in
        // the tracked files of configured git work trees, and the index per flag.
        .target(name: "CodeReferences", dependencies: ["FlagModel"]),

        // The review meeting: decisions, "since last review", minutes.
        .target(name: "FleetReview", dependencies: ["FlagModel", "FleetStore"]),

        // The application: state, messages, update, views, key map, runner.
        .target(
            name: "FlagDeck",
            dependencies: [
                "TerminalUI", "FlagModel",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // The effects the runner executes (scan, toggle, decide, refresh) on the modules above.
        .target(
            name: "FlagDeckRuntime",
            dependencies: [
                "FlagDeck", "FlagModel", "FleetScanner", "FleetStore", "FlagDeploy", "FleetReview", "FlagDeckConfig",
                "AWSCore", "AppConfigClient", "CodeReferences", "TeamStore",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        .executableTarget(
            name: "flagdeck",
            dependencies: [
                "FlagDeck", "FlagDeckRuntime", "FlagModel", "TerminalUI", "AWSCore", "AppConfigClient", "AppConfigEmulator",
                "FlagDeckConfig", "FleetStore", "FleetScanner", "FlagDeploy", "FleetReview", "AccountDiscovery",
                "CodeReferences", "TeamStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        .executableTarget(name: "FlagModelBenchmark", dependencies: ["FlagModel"], path: "Benchmarks/FlagModelBenchmark"),
        .executableTarget(name: "DashboardBenchmark", dependencies: ["FlagDeck", "FlagModel", "TerminalUI"],
                          path: "Benchmarks/DashboardBenchmark"),

        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI"]),
        .testTarget(
            name: "FlagModelTests",
            dependencies: [
                "FlagModel",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "AWSCoreTests", dependencies: ["AWSCore"], resources: [.copy("Fixtures")]),
        .testTarget(name: "AppConfigEmulatorTests", dependencies: ["AppConfigEmulator", "AWSCore", "FlagModel"]),
        .testTarget(name: "AppConfigClientTests", dependencies: ["AppConfigClient", "AppConfigEmulator", "AWSCore"]),
        .testTarget(name: "FlagDeckConfigTests", dependencies: ["FlagDeckConfig"]),
        .testTarget(name: "FleetStoreTests", dependencies: ["FleetStore", "FlagModel"]),
        .testTarget(name: "TeamStoreTests", dependencies: ["TeamStore", "FleetStore", "FlagModel",
                                                           .product(name: "PostgresNIO", package: "postgres-nio")]),
        .testTarget(name: "AccountDiscoveryTests",
                    dependencies: ["AccountDiscovery", "AWSCore", "FlagDeckConfig", "FleetStore"]),
        .testTarget(name: "FleetScannerTests", dependencies: ["FleetScanner", "AccountDiscovery", "AppConfigEmulator", "AppConfigClient", "AWSCore", "FlagModel", "FleetStore", "FlagDeckConfig"]),
        .testTarget(name: "FlagDeployTests", dependencies: ["FlagDeploy", "AppConfigEmulator", "AppConfigClient", "AWSCore", "FlagModel", "FleetStore"]),
        .testTarget(name: "CodeReferencesTests", dependencies: ["CodeReferences", "FlagModel", "FleetStore"]),
        .testTarget(name: "FleetReviewTests", dependencies: ["FleetReview", "FlagModel", "FleetStore"], exclude: ["Golden"]),
        .testTarget(name: "FlagDeckTests", dependencies: ["FlagDeck", "TerminalUI", "FlagModel"]),
        .testTarget(name: "FlagDeckRuntimeTests",
                    dependencies: ["FlagDeckRuntime", "FlagDeck", "FlagModel", "FleetScanner", "FleetStore", "FlagDeploy",
                                   "FlagDeckConfig", "AWSCore", "AppConfigClient", "AppConfigEmulator", "TeamStore",
                                   .product(name: "Logging", package: "swift-log")]),
    ],
    swiftLanguageModes: [.v6]
)
