import Foundation
import RClaudeCore

/// The directory a workspace is seeded into: new or empty, and emptied again (or removed, if we
/// made it) when seeding fails, so nothing half-made stays behind.
struct GitTargetDirectory {
    /// The directory's path.
    let path: String
    /// Whether we created it (and so may remove it).
    private let created: Bool

    /// Creates `path`, or accepts it when it exists and is empty.
    ///
    /// - Throws: `ProviderError` `.workspace` when it exists and is not an empty directory.
    init(preparing path: String) throws {
        self.path = path
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw ProviderError(
                    code: .workspace,
                    message:
                        "'\(path)' exists and is not a directory; pass a new or empty directory to seed the workspace into"
                )
            }
            let contents = (try? manager.contentsOfDirectory(atPath: path)) ?? []
            guard contents.isEmpty else {
                throw ProviderError(
                    code: .workspace,
                    message:
                        "'\(path)' is not empty (\(contents.count) entries); pass a new or empty directory to seed the workspace into"
                )
            }
            created = false
        } else {
            do {
                try manager.createDirectory(atPath: path, withIntermediateDirectories: true)
            } catch {
                throw ProviderError(
                    code: .workspace, message: "cannot create '\(path)': \(error); check that its parent is writable")
            }
            created = true
        }
    }

    /// Removes everything seeding put there.
    func discard() {
        let manager = FileManager.default
        if created {
            try? manager.removeItem(atPath: path)
            return
        }
        for entry in (try? manager.contentsOfDirectory(atPath: path)) ?? [] {
            try? manager.removeItem(atPath: path + "/" + entry)
        }
    }
}
