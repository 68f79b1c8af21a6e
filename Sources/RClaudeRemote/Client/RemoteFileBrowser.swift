import RClaudeCore

/// A remote task's workspace through the file API.
public struct RemoteFileBrowser: FileBrowsing, FileWriting {
    let api: RemoteAPIClient
    let id: TaskID

    public func list(_ directory: String) async throws -> [FileEntry] {
        try await api.listFiles(id, directory: directory).entries
    }

    public func read(_ path: String, limit: Int) async throws -> [UInt8] {
        Array(try await api.readFile(id, path: path).prefix(limit))
    }

    public func changes() async throws -> [FileChange] {
        try await api.changes(id).changes
    }

    public func diff(_ path: String) async throws -> String { try await api.diff(id, path: path) }

    public func write(_ path: String, bytes: [UInt8]) async throws { try await api.writeFile(id, path: path, bytes: bytes) }
}
