import Foundation
import RClaudeCore
import RClaudeProviders

extension E2BProvider {
    /// Copies the sandbox's workspace tree to local `directory` through envd (directories,
    /// files with their modes, symbolic links), for diffs, pulls and the file browser. Entries
    /// that would land outside `directory` are refused.
    ///
    /// - Throws: `CoreError` when the sandbox is gone or envd fails; `ProviderError` `.workspace`
    ///   for an entry that cannot be written safely.
    public func downloadWorkspace(_ reference: E2BSandboxReference, into directory: String) async throws {
        let envd = try await envdClient(for: reference.sandboxID)
        let root = reference.workspacePath.hasSuffix("/") ? String(reference.workspacePath.dropLast()) : reference.workspacePath
        var entries: [TarEntry] = []
        for entry in try await envd.listDirectory(root, depth: 64) {
            guard entry.path.hasPrefix(root + "/") else { continue }
            let relative = String(entry.path.dropFirst(root.count + 1))
            let mode = entry.mode.map { $0 & 0o7777 }
            switch entry.type {
            case .directory:
                entries.append(TarEntry(path: relative, kind: .directory, mode: mode))
            case .symlink:
                if let target = entry.symlinkTarget { entries.append(TarEntry(path: relative, kind: .symlink(target), mode: mode)) }
            case .file:
                entries.append(TarEntry(path: relative, kind: .file(try await envd.readFile(entry.path)), mode: mode))
            default:
                continue
            }
        }
        // Parents before children, whatever order envd listed them in.
        entries.sort { $0.path.split(separator: "/").count < $1.path.split(separator: "/").count }
        try LocalDirectoryArchive.extract(entries, into: directory)
    }

    /// A copy of the task's workspace on this machine (see `WorkspaceSnapshot`).
    public func snapshot(of workspacePath: String, environment: [String: String]) async throws -> WorkspaceSnapshot {
        let reference = try E2BSandboxReference(reference: workspacePath)
        return try await WorkspaceSnapshot.take(environment: environment) { path in
            try await downloadWorkspace(reference, into: path)
        }
    }
}
