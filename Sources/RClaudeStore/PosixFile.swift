import CRClaudeSystem
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin, throwing wrappers over the file system calls the cache needs (exact control over
/// modes, fsync and rename, which `FileManager` does not give).
public enum PosixFile {
    /// Creates `path` and its parents with mode 0700 (existing directories are left as they are).
    public static func makeDirectory(_ path: String) throws {
        var current = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o700) != 0 && errno != EEXIST {
                throw CoreErrorBridge.storage(SystemErrorText.describe("cannot create directory \(current)", errno: errno))
            }
        }
    }

    /// Reads a whole file.
    public static func read(_ path: String) throws -> [UInt8] {
        try read(path, relativeTo: AT_FDCWD, describedAs: path)
    }

    /// Reads a whole file named relative to an open directory (`openat`), which spares the kernel
    /// walking the directory's own path again for every file in it.
    ///
    /// - Parameters:
    ///   - name: the file's path relative to `directory`.
    ///   - directory: a descriptor of an open directory, or `AT_FDCWD`.
    ///   - path: the file's full path, for error messages.
    static func read(_ name: String, relativeTo directory: Int32, describedAs path: @autoclosure () -> String) throws
        -> [UInt8]
    {
        let fd = openat(directory, name, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CoreErrorBridge.storage(SystemErrorText.describe("cannot open \(path())", errno: errno)) }
        defer { close(fd) }
        var st = stat()
        // Size the buffer from the file (small records are the common case); grow if it was appended to.
        let expected = fstat(fd, &st) == 0 && st.st_size > 0 ? Int(st.st_size) : 0
        var result = [UInt8](repeating: 0, count: expected + 1)
        var count = 0
        while true {
            if count == result.count { result.append(contentsOf: repeatElement(0, count: max(4096, count))) }
            let n = result.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress.map { $0 + count }, $0.count - count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw CoreErrorBridge.storage(SystemErrorText.describe("cannot read \(path())", errno: errno))
            }
            if n == 0 { break }
            count += n
        }
        result.removeSubrange(count...)
        return result
    }

    /// Writes all of `bytes` to `fd`.
    public static func writeAll(_ fd: Int32, _ bytes: some Collection<UInt8>, what: @autoclosure () -> String) throws {
        let array = Array(bytes)
        var written = 0
        while written < array.count {
            let n = array.withUnsafeBytes { Glibc.write(fd, $0.baseAddress.map { $0 + written }, array.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                throw CoreErrorBridge.storage(SystemErrorText.describe(what(), errno: errno))
            }
            written += n
        }
    }

    /// Replaces `path` with `bytes` atomically: a temp file in the same directory (mode 0600) is
    /// written and fsynced, renamed over `path`, and the directory is fsynced. A failure at any
    /// point (a full disk, say) leaves the previous version of `path` as it was.
    public static func writeAtomically(_ path: String, _ bytes: [UInt8]) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let temp = "\(directory)/.\((path as NSString).lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw CoreErrorBridge.storage(SystemErrorText.describe("cannot write \(path)", errno: errno))
        }
        do {
            try writeAll(fd, bytes, what: "cannot write \(path)")
            if fsync(fd) != 0 {
                throw CoreErrorBridge.storage(SystemErrorText.describe("cannot flush \(path)", errno: errno))
            }
            close(fd)
        } catch {
            close(fd)
            unlink(temp)
            throw error
        }
        if rename(temp, path) != 0 {
            let code = errno
            unlink(temp)
            throw CoreErrorBridge.storage(SystemErrorText.describe("cannot replace \(path)", errno: code))
        }
        syncDirectory(directory)
    }

    /// fsyncs a directory so a rename or create in it survives a power loss.
    public static func syncDirectory(_ directory: String) {
        let dfd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 {
            fsync(dfd)
            close(dfd)
        }
    }

    /// Whether something exists at `path`.
    public static func exists(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0
    }

    /// The names in a directory (without `.` and `..`); empty if it does not exist.
    public static func list(_ directory: String) -> [String] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Removes a file or a directory tree; missing paths are fine.
    public static func removeTree(_ path: String) throws {
        guard exists(path) else { return }
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw CoreErrorBridge.storage("cannot remove \(path): \(error.localizedDescription)")
        }
    }
}

/// Runs `body` holding an exclusive `flock` on `path` (created 0600 if needed).
public func withFileLock<T>(_ path: String, _ body: () throws -> T) throws -> T {
    let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
    guard fd >= 0 else { throw CoreErrorBridge.storage(SystemErrorText.describe("cannot open lock \(path)", errno: errno)) }
    defer { close(fd) }
    let r = crclaude_flock(fd, 1)
    guard r == 0 else { throw CoreErrorBridge.storage(SystemErrorText.describe("cannot lock \(path)", errno: -r)) }
    defer { _ = crclaude_funlock(fd) }
    return try body()
}
