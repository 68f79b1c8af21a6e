// Recorded output of real programs (see Fixtures/README.md) through the emulator and through libvterm.

import Testing

@testable import RClaudeTerminal

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

enum Fixtures {
    /// The directory holding the recordings, found next to this source file.
    static let directory: String = {
        let file = "\(#filePath)"
        guard let slash = file.lastIndex(of: "/") else { return "Fixtures" }
        return String(file[..<slash]) + "/Fixtures"
    }()

    /// Reads a fixture's bytes.
    static func load(_ name: String) -> [UInt8]? {
        guard let f = fopen(directory + "/" + name, "rb") else { return nil }
        defer { fclose(f) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, f)
            if n <= 0 { break }
            out += buffer[0..<n]
        }
        return out
    }

    /// How many bytes of a recording to compare with libvterm, where the rest hits an intentional
    /// difference or a gap (docs/terminal.md).
    static let comparableLength: [String: (bytes: Int, reason: String)] = [
        // vttest's insert/delete test continues with DECDWL double-width lines, which we do not implement.
        "vttest-insert-delete-80x24.bin": (15_700, "DECDWL"),
        // vttest's "screen features" then checks that DECRC restores the character sets DECSC saved;
        // libvterm 0.1.4 does not save them.
        "vttest-screen-80x24.bin": (19_017, "DECSC saves character sets"),
        // nano saves the cursor with DECSC on the alternate screen; leaving it (1049l) restores the primary
        // screen's cursor in xterm and here, but libvterm's single slot restores nano's.
        "nano-edit-80x24.bin": (1_780, "saved cursor per screen"),
    ]

    /// Fixture recordings and their terminal sizes (from the file name, e.g. `vim-edit-80x24.bin`).
    static let recordings: [(name: String, cols: Int, rows: Int)] = [
        ("ls-color-80x24.bin", 80, 24),
        ("git-log-graph-100x30.bin", 100, 30),
        ("git-log-graph-long-80x24.bin", 80, 24),
        ("vim-edit-80x24.bin", 80, 24),
        ("less-80x24.bin", 80, 24),
        ("tmux-split-80x24.bin", 80, 24),
        ("bash-readline-60x15.bin", 60, 15),
        ("unicode-widths-40x12.bin", 40, 12),
        ("vttest-cursor-80x24.bin", 80, 24),
        ("vttest-screen-80x24.bin", 80, 24),
        ("vttest-insert-delete-80x24.bin", 80, 24),
        ("nano-edit-80x24.bin", 80, 24),
        ("htop-100x30.bin", 100, 30),
        ("claude-code-welcome-100x30.bin", 100, 30),
    ]
}

@Suite struct FixtureTests {
    @Test(arguments: Fixtures.recordings.map(\.name))
    func recordingMatchesLibvterm(name: String) throws {
        guard let entry = Fixtures.recordings.first(where: { $0.name == name }) else { return }
        var bytes = try #require(Fixtures.load(name), "missing fixture \(name)")
        if let limit = Fixtures.comparableLength[name] {
            bytes = Array(bytes.prefix(limit.bytes))
        }
        // Compare the whole screen every 256 bytes, so full-screen programs are checked mid-session too.
        var end = 256
        while true {
            let prefix = Array(bytes[0..<min(end, bytes.count)])
            let diffs = Differential.differences(prefix, cols: entry.cols, rows: entry.rows, limit: 20)
            if !diffs.isEmpty {
                Issue.record("\(name) after \(prefix.count) bytes: \(diffs.joined(separator: "\n"))")
                break
            }
            if end >= bytes.count { break }
            end += 256
        }
    }

    @Test(arguments: Fixtures.recordings.map(\.name))
    func recordingIsChunkingIndependent(name: String) throws {
        guard let entry = Fixtures.recordings.first(where: { $0.name == name }) else { return }
        let bytes = try #require(Fixtures.load(name))
        var whole = Emulator(cols: entry.cols, rows: entry.rows)
        let wholeOutput = whole.feed(bytes)
        let expected = EmulatorSnapshot(whole, outputs: [wholeOutput])
        for chunkSize in [1, 2, 3, 7, 64, 4096] {
            var e = Emulator(cols: entry.cols, rows: entry.rows)
            var outputs: [EmulatorOutput] = []
            var i = 0
            while i < bytes.count {
                outputs.append(e.feed(bytes[i..<min(bytes.count, i + chunkSize)]))
                i += chunkSize
            }
            #expect(EmulatorSnapshot(e, outputs: outputs) == expected, "\(name) in chunks of \(chunkSize)")
        }
    }
}
