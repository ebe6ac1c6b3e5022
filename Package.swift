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
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
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
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // The application: state, messages, update, views, key map, runner.
        .target(
            name: "FlagDeck",
            dependencies: [
                "TerminalUI", "FlagModel",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        .executableTarget(
            name: "flagdeck",
            dependencies: [
                "FlagDeck", "FlagModel", "TerminalUI", "AWSCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

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
        .testTarget(name: "FlagDeckTests", dependencies: ["FlagDeck", "TerminalUI", "FlagModel"]),
    ],
    swiftLanguageModes: [.v6]
)
