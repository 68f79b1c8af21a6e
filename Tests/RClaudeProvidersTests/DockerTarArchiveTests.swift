import Foundation
import RClaudeCore
import RClaudeProviders
import RClaudeTestSupport
import Testing

@Suite struct DockerTarArchiveTests {
    let longName = "deep/" + String(repeating: "d", count: 90) + "/" + String(repeating: "f", count: 60) + ".txt"

    var sample: [TarEntry] {
        [
            TarEntry(path: "workspace", kind: .directory),
            TarEntry(path: "workspace/run.sh", kind: .file(Array("#!/bin/sh\necho hi\n".utf8)), mode: 0o755, modificationTime: 1_700_000_000),
            TarEntry(path: "workspace/empty", kind: .file([])),
            TarEntry(path: "workspace/" + longName, kind: .file(Array(repeating: 7, count: 1500))),
            TarEntry(path: "workspace/link", kind: .symlink("run.sh")),
            TarEntry(path: "workspace/longlink", kind: .symlink("/" + String(repeating: "t", count: 120))),
        ]
    }

    @Test func roundTripsFilesDirectoriesLinksAndLongNames() throws {
        let archive = TarArchive.encode(sample)
        #expect(archive.count % 512 == 0)
        #expect(try TarArchive.decode(archive) == sample)
    }

    @Test func systemTarReadsWhatWeWrite() throws {
        let dir = try TemporaryDirectory(prefix: "rclaude-tar")
        defer { dir.remove() }
        let file = dir.appending("out.tar")
        try Data(TarArchive.encode(sample)).write(to: URL(fileURLWithPath: file))
        let listing = try run("/usr/bin/tar", ["-tvf", file])
        #expect(listing.contains("workspace/" + longName))
        #expect(listing.contains("-rwxr-xr-x"))
        #expect(listing.contains("workspace/link -> run.sh"))
        _ = try run("/usr/bin/tar", ["-xf", file, "-C", dir.path])
        #expect(FileManager.default.contents(atPath: dir.appending("workspace/run.sh")) == Data("#!/bin/sh\necho hi\n".utf8))
        #expect(FileManager.default.contents(atPath: dir.appending("workspace/" + longName))?.count == 1500)
    }

    @Test(arguments: ["gnu", "pax", "ustar"])
    func readsWhatSystemTarWrites(format: String) throws {
        let dir = try TemporaryDirectory(prefix: "rclaude-tar")
        defer { dir.remove() }
        let root = dir.appending("src")
        let nested = format == "ustar" ? "a/b.txt" : longName
        try FileManager.default.createDirectory(
            atPath: root + "/" + (nested as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data("content".utf8).write(to: URL(fileURLWithPath: root + "/" + nested))
        try FileManager.default.createSymbolicLink(atPath: root + "/l", withDestinationPath: nested)
        _ = try run("/usr/bin/tar", ["--format=\(format)", "-cf", dir.appending("in.tar"), "-C", root, "."])
        let bytes = try #require(FileManager.default.contents(atPath: dir.appending("in.tar")))
        let entries = try TarArchive.decode(Array(bytes))
        #expect(entries.first { $0.path == nested }?.contents == Array("content".utf8))
        #expect(entries.first { $0.path == "l" }?.kind == .symlink(nested))
        #expect(entries.contains { $0.path == "a" || $0.path == "deep" })
    }

    @Test func damagedArchivesAreRejected() throws {
        var archive = TarArchive.encode(sample)
        archive[3] ^= 0xFF
        let error = #expect(throws: CoreError.self) { try TarArchive.decode(archive) }
        #expect(error?.code == .damaged)
        #expect(error?.message.contains("checksum") == true)
        let cut = Array(TarArchive.encode(sample).prefix(1024))
        #expect(throws: CoreError.self) { try TarArchive.decode(cut) }
    }

    @Test func localDirectoryRoundTrip() throws {
        let dir = try TemporaryDirectory(prefix: "rclaude-tar")
        defer { dir.remove() }
        let src = dir.appending("src")
        try FileManager.default.createDirectory(atPath: src + "/sub", withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: src + "/sub/x.txt"))
        try Data("#!/bin/sh\n".utf8).write(to: URL(fileURLWithPath: src + "/tool"))
        chmod(src + "/tool", 0o750)
        try FileManager.default.createSymbolicLink(atPath: src + "/l", withDestinationPath: "sub/x.txt")
        let entries = try LocalDirectoryArchive.entries(of: src, under: "workspace")
        #expect(entries.map(\.path) == ["workspace", "workspace/l", "workspace/sub", "workspace/sub/x.txt", "workspace/tool"])
        #expect(entries.first { $0.path == "workspace/tool" }?.mode == 0o750)
        try LocalDirectoryArchive.extract(entries, into: dir.appending("out"), stripping: "workspace")
        #expect(FileManager.default.contents(atPath: dir.appending("out/sub/x.txt")) == Data("x".utf8))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir.appending("out/l")) == "sub/x.txt")
    }

    @Test func extractionRefusesEscapes() throws {
        let dir = try TemporaryDirectory(prefix: "rclaude-tar")
        defer { dir.remove() }
        let dotdot = [TarEntry(path: "w/../../evil", kind: .file([1]))]
        #expect(throws: ProviderError.self) { try LocalDirectoryArchive.extract(dotdot, into: dir.appending("out"), stripping: "w") }
        let throughLink = [
            TarEntry(path: "w/link", kind: .symlink(dir.path)), TarEntry(path: "w/link/evil", kind: .file([1])),
        ]
        let error = #expect(throws: ProviderError.self) {
            try LocalDirectoryArchive.extract(throughLink, into: dir.appending("out"), stripping: "w")
        }
        #expect(error?.message.contains("symbolic link") == true)
        #expect(!FileManager.default.fileExists(atPath: dir.appending("evil")))
    }

    private func run(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self)
    }
}
