import Foundation
import RClaudeCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Moves a local directory tree to and from `TarEntry`s: what the docker provider copies into
/// a container's workspace and back out. Regular files, directories and symbolic links are
/// kept with their permission bits; sockets, FIFOs and devices are skipped.
public enum LocalDirectoryArchive {
    /// The entries of `directory`'s tree, their paths under `prefix` (e.g. `workspace`), the
    /// directory itself first.
    ///
    /// - Throws: `ProviderError` `.workspace` when the directory cannot be read.
    public static func entries(of directory: String, under prefix: String) throws -> [TarEntry] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ProviderError(
                code: .workspace, message: "workspace '\(directory)' does not exist or is not a directory; pass an existing directory")
        }
        var entries = [TarEntry(path: prefix, kind: .directory, mode: mode(of: directory) ?? 0o755)]
        try walk(directory, relative: prefix, into: &entries)
        return entries
    }

    private static func walk(_ directory: String, relative: String, into entries: inout [TarEntry]) throws {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        } catch {
            throw ProviderError(code: .workspace, message: "cannot read '\(directory)' to copy it into the container: \(error)")
        }
        for name in names {
            let path = directory + "/" + name
            let inside = relative.isEmpty ? name : relative + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            let mode = UInt32(info.st_mode) & 0o7777
            switch UInt32(info.st_mode) & UInt32(S_IFMT) {
            case UInt32(S_IFDIR):
                entries.append(TarEntry(path: inside, kind: .directory, mode: mode))
                try walk(path, relative: inside, into: &entries)
            case UInt32(S_IFREG):
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw ProviderError(code: .workspace, message: "cannot read '\(path)' to copy it into the container; check its permissions")
                }
                entries.append(TarEntry(path: inside, kind: .file(Array(data)), mode: mode, modificationTime: Int(info.st_mtim.tv_sec)))
            case UInt32(S_IFLNK):
                if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) {
                    entries.append(TarEntry(path: inside, kind: .symlink(target)))
                }
            default:
                continue
            }
        }
    }

    /// Writes `entries` under `directory`, dropping the leading path component `strip` when
    /// given (the archive's top directory). Existing files are replaced.
    ///
    /// - Throws: `ProviderError` `.workspace` for an entry that would land outside `directory`
    ///   (an absolute path, `..`, or a path through a symbolic link) or cannot be written.
    public static func extract(_ entries: [TarEntry], into directory: String, stripping strip: String? = nil) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for entry in entries {
            var components = entry.path.split(separator: "/").map(String.init)
            if let strip {
                guard components.first == strip else { continue }
                components.removeFirst()
            }
            if components.isEmpty { continue }
            guard !entry.path.hasPrefix("/"), !components.contains(".."), !components.contains(".") else {
                throw ProviderError(code: .workspace, message: "the archive entry '\(entry.path)' would land outside \(directory); refusing it")
            }
            // No entry may be written through a symbolic link the archive created.
            var parent = directory
            for component in components.dropLast() {
                parent += "/" + component
                var info = stat()
                if lstat(parent, &info) == 0, UInt32(info.st_mode) & UInt32(S_IFMT) == UInt32(S_IFLNK) {
                    throw ProviderError(
                        code: .workspace, message: "the archive entry '\(entry.path)' goes through a symbolic link; refusing it")
                }
            }
            let path = directory + "/" + components.joined(separator: "/")
            do {
                switch entry.kind {
                case .directory:
                    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
                    chmod(path, mode_t(entry.mode))
                case .file(let bytes):
                    try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
                    unlink(path)
                    guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
                        throw ProviderError(code: .workspace, message: "cannot write '\(path)'; check the directory's permissions")
                    }
                    chmod(path, mode_t(entry.mode))
                case .symlink(let target):
                    try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
                    unlink(path)
                    try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
                }
            } catch let error as ProviderError {
                throw error
            } catch {
                throw ProviderError(code: .workspace, message: "cannot write '\(path)' from the container: \(error)")
            }
        }
    }

    private static func mode(of path: String) -> UInt32? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return UInt32(info.st_mode) & 0o7777
    }
}
