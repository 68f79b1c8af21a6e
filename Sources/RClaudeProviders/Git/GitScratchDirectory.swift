import Foundation
import RClaudeCore

/// A private temporary directory for git's side work (a temporary index, objects, a helper
/// repository), removed by `remove()`. Nothing in it belongs to the user.
struct GitScratchDirectory {
    /// The directory's absolute path.
    let path: String

    /// Creates a fresh directory under `TMPDIR` (or /tmp).
    init(environment: [String: String], purpose: String) throws {
        let base = environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? NSTemporaryDirectory()
        let path = (base as NSString).appendingPathComponent(
            "rclaude-git-\(purpose)-\(UUID().uuidString.prefix(12).lowercased())")
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw ProviderError(
                code: .git,
                message: "cannot create a temporary directory at '\(path)': \(error); check TMPDIR and free disk space")
        }
        self.path = path
    }

    /// A path inside the directory.
    func appending(_ component: String) -> String { path + "/" + component }

    /// Deletes the directory and everything in it.
    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
