import Foundation

/// Locates files in the source tree for tests (fixtures, scripts, the built executable).
public enum Fixtures {
    /// The package's root directory.
    public static let packageRoot: String = {
        // Sources/RClaudeTestSupport/Fixtures.swift → three levels up.
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }()

    /// A path relative to the package root.
    public static func path(_ relative: String) -> String { packageRoot + "/" + relative }

    /// Reads a fixture's bytes.
    public static func bytes(_ relative: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path(relative))))
    }

    /// The `rclaude` executable built beside the test bundle.
    public static var rclaudeExecutable: String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("rclaude").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return path(".build/debug/rclaude")
    }
}
