import Foundation
import RClaudeCore
import RClaudeStore

/// The registered remotes, kept in `remotes.json` in the data directory (written atomically).
public struct RemoteRegistry: Sendable {
    /// The file.
    public let path: String

    /// The registry of `paths`.
    public init(paths: StorePaths) { self.path = paths.dataDirectory + "/remotes.json" }

    private struct File: Codable {
        var schemaVersion: Int
        var remotes: [RemoteEndpoint]
    }

    /// Every remote, by name.
    ///
    /// - Throws: `CoreError` `.damaged` when the file is unreadable (it is left as it is).
    public func all() throws -> [RemoteEndpoint] {
        guard PosixFile.exists(path) else { return [] }
        do {
            let file = try JSONDecoder().decode(File.self, from: Data(try PosixFile.read(path)))
            return file.remotes.sorted { $0.name < $1.name }
        } catch {
            throw CoreError(
                code: .damaged, message: "\(path) is unreadable (\(error)); fix it or remove it and add the remotes again")
        }
    }

    /// The remote called `name`.
    public func endpoint(_ name: String) throws -> RemoteEndpoint {
        guard let endpoint = try all().first(where: { $0.name == name }) else {
            throw CoreError(code: .notFound, message: "no remote named '\(name)'; add it with 'rclaude remote add \(name) URL --token-file F'")
        }
        return endpoint
    }

    /// Adds a remote.
    ///
    /// - Throws: `CoreError` `.conflict` when the name is taken.
    public func add(_ endpoint: RemoteEndpoint) throws {
        var remotes = try all()
        guard !remotes.contains(where: { $0.name == endpoint.name }) else {
            throw CoreError(
                code: .conflict, message: "a remote named '\(endpoint.name)' exists; remove it first with 'rclaude remote rm \(endpoint.name)'")
        }
        remotes.append(endpoint)
        try save(remotes)
    }

    /// Removes a remote.
    public func remove(_ name: String) throws {
        let remotes = try all()
        guard remotes.contains(where: { $0.name == name }) else {
            throw CoreError(code: .notFound, message: "no remote named '\(name)'; 'rclaude remote ls' lists them")
        }
        try save(remotes.filter { $0.name != name })
    }

    private func save(_ remotes: [RemoteEndpoint]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(File(schemaVersion: 1, remotes: remotes.sorted { $0.name < $1.name }))
        try PosixFile.makeDirectory((path as NSString).deletingLastPathComponent)
        try PosixFile.writeAtomically(path, Array(data) + [0x0A])
    }
}
