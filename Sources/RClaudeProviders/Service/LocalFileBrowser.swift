import Foundation
import RClaudeCore
import RClaudeStore

/// Reads a local workspace, confined to its root: `..`, absolute paths, NUL bytes and symlinks
/// that lead outside are refused.
public struct LocalFileBrowser: FileBrowsing, FileWriting {
    /// The workspace root (absolute).
    public let root: String
    private let environment: [String: String]

    /// Creates a browser over `root`.
    public init(root: String, environment: [String: String]) {
        self.root = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
        self.environment = environment
    }

    /// The absolute path for a workspace-relative one, or an error when it would leave the root.
    public func resolve(_ relative: String) throws -> String {
        try checkSyntax(relative)
        let parts = relative.split(separator: "/")
        let joined = parts.isEmpty ? root : root + "/" + parts.joined(separator: "/")
        let real = URL(fileURLWithPath: joined).resolvingSymlinksInPath().path
        guard real == root || real.hasPrefix(root + "/") else { throw refuse(relative, "leads outside the workspace") }
        return real
    }

    public func list(_ directory: String) async throws -> [FileEntry] {
        let path = try resolve(directory)
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw CoreError(code: .notFound, message: "cannot list '\(directory.isEmpty ? "." : directory)': \(error.localizedDescription)")
        }
        var entries: [FileEntry] = []
        for name in names where name != ".git" {
            let relative = directory.isEmpty ? name : directory + "/" + name
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path + "/" + name, isDirectory: &isDirectory) else { continue }
            let size = (try? FileManager.default.attributesOfItem(atPath: path + "/" + name)[.size] as? Int64) ?? 0
            entries.append(FileEntry(path: relative, isDirectory: isDirectory.boolValue, size: size ?? 0))
        }
        return entries.sorted { a, b in
            a.isDirectory != b.isDirectory ? a.isDirectory : a.path.localizedStandardCompare(b.path) == .orderedAscending
        }
    }

    public func read(_ path: String, limit: Int) async throws -> [UInt8] {
        let full = try resolve(path)
        var info = stat()
        guard stat(full, &info) == 0 else { throw CoreError(code: .notFound, message: "no file '\(path)' in the workspace") }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw CoreError(code: .invalidInput, message: "'\(path)' is not a regular file; only files can be read")
        }
        guard let handle = FileHandle(forReadingAtPath: full) else {
            throw CoreError(code: .notFound, message: "cannot read '\(path)'")
        }
        defer { try? handle.close() }
        return Array((try? handle.read(upToCount: max(0, limit))) ?? Data())
    }

    public func write(_ path: String, bytes: [UInt8]) async throws {
        try checkSyntax(path)
        let parts = path.split(separator: "/")
        guard let name = parts.last, !path.hasSuffix("/") else {
            throw CoreError(code: .invalidInput, message: "path '\(path)' names no file; give a file path such as 'src/main.swift'")
        }
        let parent = try resolve(parts.dropLast().joined(separator: "/"))
        let target = parent + "/" + name
        var info = stat()
        var mode: mode_t = 0o644
        if lstat(target, &info) == 0 {
            mode = info.st_mode & 0o777
            if info.st_mode & S_IFMT == S_IFLNK {
                _ = try resolve(path)  // a link that stays inside is followed; one that leads out is refused
            } else if info.st_mode & S_IFMT != S_IFREG {
                throw CoreError(code: .invalidInput, message: "'\(path)' exists and is not a regular file; only files can be written")
            }
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CoreError(code: .notFound, message: "the directory of '\(path)' does not exist; create it first")
        }
        let destination = try resolve(path)
        try PosixFile.writeAtomically(destination, bytes)
        chmod(destination, mode)
    }

    public func changes() async throws -> [FileChange] {
        let output = try await git(["status", "--porcelain=v1", "-z", "--untracked-files=all"])
        guard let output else { return [] }
        var changes: [FileChange] = []
        var fields = output.split(separator: "\0", omittingEmptySubsequences: true).makeIterator()
        while let field = fields.next() {
            guard field.count > 3 else { continue }
            let status = String(field.prefix(2))
            changes.append(FileChange(status: status, path: String(field.dropFirst(3))))
            if status.hasPrefix("R") || status.hasPrefix("C") { _ = fields.next() }
        }
        return changes
    }

    public func diff(_ path: String) async throws -> String {
        _ = try resolve(path)
        if let tracked = try await git(["diff", "HEAD", "--no-color", "--", path]), !tracked.isEmpty { return tracked }
        return try await git(["diff", "--no-color", "--no-index", "--", "/dev/null", path], allowStatus: [0, 1]) ?? ""
    }

    private func git(_ arguments: [String], allowStatus: Set<Int32> = [0]) async throws -> String? {
        guard let git = AgentBinaryLocator(environment: environment).search("git") else { return nil }
        let process = try LocalProcessRunner().spawn(
            executable: git, arguments: ["-C", root] + arguments, environment: environment, directory: root,
            terminal: nil, mergeStderr: false)
        var bytes: [UInt8] = []
        for await chunk in process.output where chunk.stream == .stdout { bytes += chunk.bytes }
        let exit = await process.wait()
        guard allowStatus.contains(exit.code) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Refuses NUL bytes, absolute paths and `..` components before touching the file system.
    private func checkSyntax(_ relative: String) throws {
        guard !relative.contains("\0") else { throw refuse(relative, "contains a NUL byte") }
        guard !relative.hasPrefix("/") else { throw refuse(relative, "is absolute") }
        guard !relative.split(separator: "/").contains("..") else { throw refuse(relative, "contains '..'") }
    }

    private func refuse(_ path: String, _ why: String) -> CoreError {
        CoreError(code: .forbidden, message: "path '\(path)' \(why); paths are relative to the task's workspace")
    }
}
