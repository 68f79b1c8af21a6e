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
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
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
        .target(name: "RClaudeProviders", dependencies: ["RClaudeCore", "RClaudeStore", "CRClaudeSystem"]),
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
                "RClaudeCurses",
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
            exclude: ["run_benchmarks.py"]),
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
            name: "RClaudeCLITests",
            dependencies: ["RClaudeCLI", "RClaudeTestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
