import Foundation
import RClaudeCore

/// Browsing a container's workspace: a copy taken through the archive API when the browser
/// opens (the container needs no extra tools), read with the same code as local workspaces —
/// including git changes and diffs, since the copy carries `.git`. Reopen it to see newer files.
public struct DockerFileBrowser: FileBrowsing {
    /// The copy on this machine; removed when the last browser over it goes away.
    final class Copy: Sendable {
        let path: String
        init(path: String) { self.path = path }
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    let copy: Copy
    let local: LocalFileBrowser

    /// Copies the workspace of `sandbox` out of its container.
    ///
    /// - Throws: `CoreError` when the daemon or the container cannot be reached, `ProviderError`
    ///   `.workspace` for an archive entry that would land outside the copy.
    public static func open(_ sandbox: DockerSandbox, client: DockerEngineClient, environment: [String: String]) async throws
        -> DockerFileBrowser
    {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rclaude-browse-\(UUID().uuidString)").path
        let copy = Copy(path: path)
        let archive = try await client.getArchive(from: sandbox.container, at: sandbox.workspacePath)
        let top = (sandbox.workspacePath as NSString).lastPathComponent
        try LocalDirectoryArchive.extract(try TarArchive.decode(archive), into: path, stripping: top)
        return DockerFileBrowser(copy: copy, local: LocalFileBrowser(root: path, environment: environment))
    }

    public func list(_ directory: String) async throws -> [FileEntry] { try await local.list(directory) }

    public func read(_ path: String, limit: Int) async throws -> [UInt8] { try await local.read(path, limit: limit) }

    public func changes() async throws -> [FileChange] { try await local.changes() }

    public func diff(_ path: String) async throws -> String { try await local.diff(path) }
}
