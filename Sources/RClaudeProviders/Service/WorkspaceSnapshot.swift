import Foundation
import RClaudeCore

/// A copy on this machine of a sandbox's workspace (a container's, through the archive API; an
/// E2B sandbox's, through envd), read with the same code as local workspaces — including git
/// changes and diffs, since the copy carries `.git`. Take a new one to see newer files. The copy
/// is removed when the last value referring to it goes away.
public struct WorkspaceSnapshot: FileBrowsing {
    /// The copy's directory, removed on deinit.
    final class Copy: Sendable {
        let path: String
        init(path: String) { self.path = path }
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    let copy: Copy
    let local: LocalFileBrowser

    /// The directory holding the copy.
    public var path: String { copy.path }

    /// Fills a fresh temporary directory with `fill` and owns it from then on.
    public static func take(environment: [String: String], _ fill: (String) async throws -> Void) async throws -> WorkspaceSnapshot {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rclaude-snapshot-\(UUID().uuidString)").path
        let copy = Copy(path: path)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try await fill(path)
        return WorkspaceSnapshot(copy: copy, local: LocalFileBrowser(root: path, environment: environment))
    }

    /// Copies the workspace of a container out through the archive API (the container needs no
    /// extra tools).
    ///
    /// - Throws: `CoreError` when the daemon or the container cannot be reached, `ProviderError`
    ///   `.workspace` for an archive entry that would land outside the copy.
    public static func docker(_ sandbox: DockerSandbox, client: DockerEngineClient, environment: [String: String]) async throws
        -> WorkspaceSnapshot
    {
        try await take(environment: environment) { path in
            let archive = try await client.getArchive(from: sandbox.container, at: sandbox.workspacePath)
            let top = (sandbox.workspacePath as NSString).lastPathComponent
            try LocalDirectoryArchive.extract(try TarArchive.decode(archive), into: path, stripping: top)
        }
    }

    public func list(_ directory: String) async throws -> [FileEntry] { try await local.list(directory) }

    public func read(_ path: String, limit: Int) async throws -> [UInt8] { try await local.read(path, limit: limit) }

    public func changes() async throws -> [FileChange] { try await local.changes() }

    public func diff(_ path: String) async throws -> String { try await local.diff(path) }
}
