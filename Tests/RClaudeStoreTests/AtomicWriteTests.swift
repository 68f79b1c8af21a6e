import Foundation
import RClaudeCore
import RClaudeStore
import RClaudeTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct AtomicWriteTests {
    @Test func replacesContentAndLeavesNoTempFiles() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let file = dir.appending("x.json")
        try PosixFile.writeAtomically(file, Array("one".utf8))
        try PosixFile.writeAtomically(file, Array("two".utf8))
        #expect(try PosixFile.read(file) == Array("two".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["x.json"])
    }

    /// A full disk: a tiny tmpfs (mounting needs root). The previous version must survive a failed write.
    @Test(.enabled(if: geteuid() == 0, "mounting a small tmpfs needs root"))
    func fullDiskKeepsPreviousVersion() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let mountPoint = dir.appending("small")
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        try #require(mount("tmpfs", mountPoint, "tmpfs", 0, "size=64k") == 0, "mount a 64 KiB tmpfs")
        defer { umount(mountPoint) }
        let paths = StorePaths.resolve(environment: ["RCLAUDE_HOME": mountPoint])
        let cache = try JSONFileTaskCache(paths: paths)
        let record = TaskRecord(id: TaskID.random(), spec: TaskSpec(prompt: "small"), createdAt: Date())
        try cache.create(record)
        var thrown: CoreError?
        do {
            try cache.update(record.id) { $0.prompt = String(repeating: "x", count: 200_000) }
        } catch let error as CoreError {
            thrown = error
        }
        #expect(thrown?.message.contains("disk is full") == true, "got \(String(describing: thrown))")
        #expect(try cache.load(record.id).prompt == "small", "the previous version survives")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: paths.taskDirectory(record.id.rawValue))
        #expect(!leftovers.contains { $0.hasSuffix(".tmp") }, "no half-written temp file is left")
    }
}
