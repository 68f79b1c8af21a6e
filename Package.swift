// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "rclaude",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "rclaude", targets: ["rclaude"]),
        .library(name: "RClaudeCore", targets: ["RClaudeCore"]),
        .library(name: "RClaudeTerminal", targets: ["RClaudeTerminal"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // Domain values, state machines, decoders, OutputLog. No I/O.
        .target(name: "RClaudeCore"),
        // VT/xterm emulator: parser, screen, grid. No dependencies.
        .target(name: "RClaudeTerminal"),
        // C helpers for process spawning, PTYs and file locking (variadic/unsafe POSIX calls).
        .target(name: "CRClaudeSystem"),
        // The JSON file cache and file-backed output logs.
        .target(name: "RClaudeStore", dependencies: ["RClaudeCore", "CRClaudeSystem"]),
        // Where tasks run: the local provider (processes, PTYs, workspaces), agent launchers.
        .target(
            name: "RClaudeProviders", dependencies: ["RClaudeCore", "RClaudeStore", "CRClaudeSystem", "RClaudeHTTP", "COpenSSL"]),
        // libcurl, loaded on first use (dlopen) behind typed wrappers: the HTTP client of remote
        // providers. Commands that speak no HTTP never load it (decisions.md #31).
        .target(name: "CCurl", path: "Sources/CCurl", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        // libcrypto/libssl: token generation, constant-time comparison, SHA-256, HMAC.
        .systemLibrary(
            name: "COpenSSL", path: "Sources/COpenSSL", pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"]), .brew(["openssl"])]),
        // HTTP over libcurl (TCP, TLS, unix sockets): the REST client of remote and container providers.
        .target(name: "RClaudeHTTP", dependencies: ["RClaudeCore", "CCurl"]),
        // Remote sandboxes: the REST (libcurl) and WebSocket client of `rclaude serve`.
        .target(
            name: "RClaudeRemote",
            dependencies: [
                "RClaudeCore", "RClaudeStore", "RClaudeHTTP", "COpenSSL", "RClaudeProviders",
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // AWS: SigV4 signing (libcrypto), credentials, the ECS JSON 1.1 client and the ECS sandbox provisioner.
        .target(name: "RClaudeAWS", dependencies: ["RClaudeCore", "RClaudeHTTP", "COpenSSL"]),
        // E2B: the control-plane REST client, envd's Connect protocol, and the E2B sandbox provider.
        .target(name: "RClaudeE2B", dependencies: ["RClaudeCore", "RClaudeHTTP", "RClaudeProviders", "CCurl"]),
        // `rclaude serve`: the REST + WebSocket host over this machine's local provider.
        .target(
            name: "RClaudeServer",
            dependencies: [
                "RClaudeCore", "RClaudeStore", "RClaudeProviders", "RClaudeRemote", "COpenSSL",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The TUI: state, reducer, views into a cell grid, themes, keymap, app loop (no curses, no I/O).
        .target(name: "RClaudeUI", dependencies: ["RClaudeCore", "RClaudeTerminal"]),
        // ncursesw, through a shim header (SwiftPM drops pkg-config's -D flags).
        .systemLibrary(name: "CNCurses", path: "Sources/CNCurses", providers: [.apt(["libncurses-dev"]), .brew(["ncurses"])]),
        // The curses backend that draws the UI's grid and reads keys.
        .target(name: "RClaudeCurses", dependencies: ["RClaudeUI", "CNCurses"]),
        // Commands, the composition root.
        .target(
            name: "RClaudeCLI",
            dependencies: [
                "RClaudeCore", "RClaudeStore", "RClaudeProviders", "RClaudeTerminal", "CRClaudeSystem", "RClaudeUI",
                "RClaudeCurses", "RClaudeRemote", "RClaudeServer", "RClaudeAWS", "RClaudeE2B",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "rclaude", dependencies: ["RClaudeCLI"]),
        // Fakes and fixtures shared by the test targets.
        .target(
            name: "RClaudeTestSupport",
            dependencies: ["RClaudeCore", "RClaudeStore", "RClaudeProviders", "CRClaudeSystem", "RClaudeUI", "RClaudeTerminal"]
        ),
        // libvterm, used only by tests as an oracle for the emulator.
        .systemLibrary(name: "CVTerm", path: "Sources/CVTerm", providers: [.apt(["libvterm-dev"])]),

        .testTarget(
            name: "RClaudeCoreTests", dependencies: ["RClaudeCore", "RClaudeTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "RClaudeTerminalTests", dependencies: ["RClaudeTerminal", "CVTerm"], exclude: ["Fixtures"]),
        // Emulator throughput against libvterm (`make bench`); run it built with -c release.
        .executableTarget(
            name: "TerminalBench", dependencies: ["RClaudeTerminal", "CVTerm"], path: "Tests/Bench",
            exclude: ["run_benchmarks.py", "tui_bench.py", "remote_bench.py", "provider_bench.py"]),
        .testTarget(name: "RClaudeStoreTests", dependencies: ["RClaudeStore", "RClaudeTestSupport"]),
        .testTarget(
            name: "RClaudeProvidersTests",
            dependencies: ["RClaudeProviders", "RClaudeTestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "RClaudeUITests", dependencies: ["RClaudeUI", "RClaudeTestSupport", "RClaudeTerminal"],
            exclude: ["Snapshots"]),
        .testTarget(
            name: "RClaudeServerTests",
            dependencies: [
                "RClaudeServer", "RClaudeRemote", "RClaudeTestSupport", "RClaudeStore", "COpenSSL",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            exclude: ["run_schemathesis.py"]
        ),
        .testTarget(name: "RClaudeAWSTests", dependencies: ["RClaudeAWS", "RClaudeTestSupport"], exclude: ["Fixtures"]),
        .testTarget(
            name: "RClaudeE2BTests", dependencies: ["RClaudeE2B", "RClaudeProviders", "RClaudeTestSupport"], exclude: ["Fixtures"]),
        .testTarget(
            name: "RClaudeCLITests",
            dependencies: ["RClaudeCLI", "RClaudeTestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
