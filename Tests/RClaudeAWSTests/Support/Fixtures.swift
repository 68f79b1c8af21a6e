import Foundation

/// Paths of this target's fixture files.
enum Fixtures {
    /// The `Fixtures` folder beside the tests.
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").path

    /// The text of `Fixtures/<relative>`.
    static func text(_ relative: String) throws -> String {
        try String(contentsOfFile: directory + "/" + relative, encoding: .utf8)
    }
}
