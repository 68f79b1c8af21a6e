// Throughput of RClaudeTerminal's Emulator against libvterm on the same generated corpus, plus the
// memory cost of a full scrollback. Build (release, whole module) from the repository root:
//
//   swiftc -O -wmo -parse-as-library -module-name TerminalBench -I Sources/CVTerm -lvterm \
//       Sources/RClaudeTerminal/*/*.swift Tests/Bench/TerminalBench.swift -o .build/terminal-bench
//   .build/terminal-bench [--mb 50] [--runs 3] [--cols 120] [--rows 40] [--chunk 65536] [--only emulator]
//       [--write-corpus FILE] [FILE]
//
// With FILE, the corpus is read from it instead of generated. `--write-corpus FILE` saves the generated
// corpus; `--pty FILE` instead measures end to end: `cat FILE` on a real PTY of --cols × --rows, read and
// fed to the emulator as the pane would (compare with tmux doing the same in a pane of that size). Also builds as a SwiftPM executable target
// depending on RClaudeTerminal and CVTerm.

import CVTerm

#if canImport(RClaudeTerminal)
    import RClaudeTerminal
#endif
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Deterministic generator of a colourful terminal output corpus.
struct CorpusGenerator {
    private var state: UInt64

    init(seed: UInt64 = 0x9E37_79B9_7F4A_7C15) { state = seed }

    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }

    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    static let cjk: [String] = ["日本", "語", "漢字", "中文", "한국어", "テスト", "東京", "终端", "模拟器"]
    static let emoji: [String] = ["😀", "🚀", "✅", "🔥", "🎉", "👍"]
    static let letters = Array("abcdefghijklmnopqrstuvwxyz")

    /// About `megabytes` MiB of output: words in colour (basic, 256 and truecolor SGR), wide characters,
    /// cursor movement and line erases, in lines of roughly 90 bytes.
    mutating func corpus(megabytes: Int) -> [UInt8] {
        let target = megabytes * 1024 * 1024
        var out: [UInt8] = []
        out.reserveCapacity(target + 256)
        var line = 0
        while out.count < target {
            let words = 6 + below(8)
            for w in 0..<words {
                if w > 0 { out.append(0x20) }
                let style = below(10)
                if style < 2 {
                    out += Array("\u{1B}[\(31 + below(7))m".utf8)
                } else if style < 4 {
                    out += Array("\u{1B}[1;38;5;\(below(256))m".utf8)
                } else if style < 6 {
                    out += Array("\u{1B}[38;2;\(below(256));\(below(256));\(below(256))m".utf8)
                }
                let kind = below(20)
                if kind == 0 {
                    out += Array(CorpusGenerator.cjk[below(CorpusGenerator.cjk.count)].utf8)
                } else if kind == 1 {
                    out += Array(CorpusGenerator.emoji[below(CorpusGenerator.emoji.count)].utf8)
                } else {
                    for _ in 0..<(2 + below(8)) {
                        out.append(UInt8(ascii: CorpusGenerator.letters[below(26)].unicodeScalars.first ?? "a"))
                    }
                }
                if style < 6 { out += Array("\u{1B}[0m".utf8) }
            }
            let movement = below(25)
            if movement == 0 {
                out += Array("\u{1B}[\(1 + below(40));\(1 + below(120))H".utf8)
            } else if movement == 1 {
                out += Array("\u{1B}[\(1 + below(5))A\u{1B}[\(1 + below(10))C".utf8)
            } else if movement == 2 {
                out += Array("\u{1B}[K".utf8)
            }
            out += [0x0D, 0x0A]
            line += 1
        }
        return out
    }
}

/// Runs libvterm's screen layer over the corpus, with a scrollback callback that copies each line.
final class VTermRunner {
    let vt: OpaquePointer
    let screen: OpaquePointer
    var callbacks: UnsafeMutablePointer<VTermScreenCallbacks>
    var ring: [[VTermScreenCell]]
    var ringIndex = 0
    let keepScrollback: Bool

    init(cols: Int, rows: Int, keepScrollback: Bool) {
        guard let vt = vterm_new(Int32(rows), Int32(cols)), let screen = vterm_obtain_screen(vt) else {
            fatalError("vterm_new failed")
        }
        self.vt = vt
        self.screen = screen
        self.keepScrollback = keepScrollback
        ring = []
        callbacks = UnsafeMutablePointer<VTermScreenCallbacks>.allocate(capacity: 1)
        callbacks.initialize(to: VTermScreenCallbacks())
        vterm_set_utf8(vt, 1)
        if keepScrollback {
            callbacks.pointee.sb_pushline = { cols, cells, user in
                guard let user, let cells else { return 0 }
                let runner = Unmanaged<VTermRunner>.fromOpaque(user).takeUnretainedValue()
                runner.push(Array(UnsafeBufferPointer(start: cells, count: Int(cols))))
                return 1
            }
        }
        vterm_screen_set_callbacks(screen, callbacks, Unmanaged.passUnretained(self).toOpaque())
        vterm_screen_set_damage_merge(screen, VTERM_DAMAGE_SCROLL)
        vterm_screen_reset(screen, 1)
    }

    func push(_ line: [VTermScreenCell]) {
        if ring.count < 10_000 {
            ring.append(line)
        } else {
            ring[ringIndex] = line
            ringIndex = (ringIndex + 1) % ring.count
        }
    }

    func feed(_ bytes: UnsafeBufferPointer<UInt8>, chunk: Int) {
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            let n = min(chunk, bytes.count - offset)
            base.advanced(by: offset).withMemoryRebound(to: CChar.self, capacity: n) {
                _ = vterm_input_write(vt, $0, n)
            }
            vterm_screen_flush_damage(screen)
            offset += n
        }
    }

    deinit {
        vterm_free(vt)
        callbacks.deallocate()
    }
}

/// Runs `cat FILE` on a fresh pseudo-terminal of the given size and feeds everything it prints to an
/// emulator, as the embedded pane would. Returns the wall time and the bytes read.
func runThroughPTY(path: String, cols: Int, rows: Int) -> (seconds: Double, bytes: Int)? {
    // posix_openpt/unlockpt/ptsname are not visible to Swift; use the Linux ioctls they wrap
    // (TIOCSPTLCK = _IOW('T', 0x31, int), TIOCGPTN = _IOR('T', 0x30, unsigned int)).
    let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
    guard master >= 0 else { return nil }
    var unlock: Int32 = 0
    var number: UInt32 = 0
    guard ioctl(master, 0x4004_5431, &unlock) == 0, ioctl(master, 0x8004_5430, &number) == 0 else { return nil }
    let slavePath = "/dev/pts/\(number)"
    var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(cols), ws_xpixel: 0, ws_ypixel: 0)
    _ = ioctl(master, UInt(TIOCSWINSZ), &size)
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, slavePath, O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, slavePath, O_WRONLY, 0)
    posix_spawn_file_actions_addclose(&actions, master)
    defer { posix_spawn_file_actions_destroy(&actions) }
    var emulator = Emulator(cols: cols, rows: rows, scrollbackLimit: 10_000)
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    var total = 0
    let clock = ContinuousClock()
    var pid: pid_t = 0
    let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/cat"), strdup(path), nil]
    defer { for p in argv { free(p) } }
    let start = clock.now
    guard posix_spawn(&pid, "/bin/cat", &actions, nil, argv, environ) == 0 else { return nil }
    while true {
        let n = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
        if n <= 0 { break }
        total += n
        _ = buffer.withUnsafeBufferPointer { emulator.feed(UnsafeBufferPointer(rebasing: $0[0..<n])) }
    }
    let elapsed = clock.now - start
    var status: Int32 = 0
    waitpid(pid, &status, 0)
    close(master)
    _ = emulator.cursor
    return (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, total)
}

@main
struct TerminalBench {
    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    /// Resident set size in bytes, from /proc/self/statm (0 where unavailable).
    static func residentBytes() -> Int {
        guard let data = readFile("/proc/self/statm") else { return 0 }
        let fields = String(decoding: data, as: UTF8.self).split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    static func readFile(_ path: String) -> [UInt8]? {
        guard let f = fopen(path, "rb") else { return nil }
        defer { fclose(f) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = fread(&buffer, 1, buffer.count, f)
            if n <= 0 { break }
            out += buffer[0..<n]
        }
        return out
    }

    static func main() {
        var args = Array(CommandLine.arguments.dropFirst())
        func option(_ name: String, _ fallback: Int) -> Int {
            guard let i = args.firstIndex(of: name), i + 1 < args.count, let v = Int(args[i + 1]) else {
                return fallback
            }
            args.removeSubrange(i...(i + 1))
            return v
        }
        let mb = option("--mb", 50)
        let runs = option("--runs", 3)
        let cols = option("--cols", 120)
        let rows = option("--rows", 40)
        let chunk = option("--chunk", 65536)
        var only: String?
        if let i = args.firstIndex(of: "--only"), i + 1 < args.count {
            only = args[i + 1]
            args.removeSubrange(i...(i + 1))
        }
        var writePath: String?
        if let i = args.firstIndex(of: "--write-corpus"), i + 1 < args.count {
            writePath = args[i + 1]
            args.removeSubrange(i...(i + 1))
        }
        if let i = args.firstIndex(of: "--pty"), i + 1 < args.count {
            // End to end: `cat FILE` through a real PTY into the emulator.
            for run in 1...runs {
                guard let (s, bytes) = runThroughPTY(path: args[i + 1], cols: cols, rows: rows) else {
                    print("pty setup failed")
                    return
                }
                print(
                    "pty run \(run): \(bytes) bytes in \(format3(s)) s, \(format3(Double(bytes) / 1_000_000 / s)) MB/s")
            }
            return
        }
        let corpus: [UInt8]
        if let path = args.first {
            guard let data = readFile(path) else {
                print("cannot read \(path)")
                return
            }
            corpus = data
        } else {
            var generator = CorpusGenerator()
            corpus = generator.corpus(megabytes: mb)
        }
        if let writePath, let f = fopen(writePath, "wb") {
            _ = corpus.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, f) }
            fclose(f)
        }
        let megabytes = Double(corpus.count) / 1_000_000
        print("corpus: \(corpus.count) bytes, \(cols)x\(rows), chunk \(chunk), \(runs) runs")
        let clock = ContinuousClock()

        var best: [String: Double] = [:]
        for run in 1...runs {
            var emulator = Emulator(cols: cols, rows: rows, scrollbackLimit: 10_000)
            let t1 = clock.measure {
                corpus.withUnsafeBufferPointer { buffer in
                    var offset = 0
                    while offset < buffer.count {
                        let n = min(chunk, buffer.count - offset)
                        emulator.feed(UnsafeBufferPointer(rebasing: buffer[offset..<(offset + n)]))
                        offset += n
                    }
                }
            }
            let lineCount = emulator.scrollbackCount
            if only == "emulator" {
                print("run \(run): emulator \(format3(seconds(t1))) s, \(format3(megabytes / seconds(t1))) MB/s")
                continue
            }
            let v1 = VTermRunner(cols: cols, rows: rows, keepScrollback: true)
            let t2 = clock.measure { corpus.withUnsafeBufferPointer { v1.feed($0, chunk: chunk) } }
            let v2 = VTermRunner(cols: cols, rows: rows, keepScrollback: false)
            let t3 = clock.measure { corpus.withUnsafeBufferPointer { v2.feed($0, chunk: chunk) } }
            let results = [
                ("rclaude Emulator (10k scrollback)", seconds(t1)),
                ("libvterm screen + 10k scrollback copy", seconds(t2)),
                ("libvterm screen, no scrollback", seconds(t3)),
            ]
            for (name, s) in results {
                best[name] = min(best[name] ?? .infinity, s)
                let rate = megabytes / s
                print("run \(run): \(name): \(format3(s)) s, \(format3(rate)) MB/s")
            }
            _ = lineCount
        }
        let ours = best["rclaude Emulator (10k scrollback)"] ?? 1
        let vtermScroll = best["libvterm screen + 10k scrollback copy"] ?? 1
        let vtermPlain = best["libvterm screen, no scrollback"] ?? 1
        print(
            "best: emulator \(format3(megabytes / ours)) MB/s; libvterm+scrollback \(format3(megabytes / vtermScroll)) MB/s; libvterm \(format3(megabytes / vtermPlain)) MB/s"
        )
        print(
            "ratio vs libvterm+scrollback: \(format3(vtermScroll / ours))x; vs libvterm without scrollback: \(format3(vtermPlain / ours))x"
        )

        // Memory: 10,000 lines of 200 columns of scrollback.
        let before = residentBytes()
        var big = Emulator(cols: 200, rows: 50, scrollbackLimit: 10_000)
        var generator = CorpusGenerator(seed: 42)
        var text: [UInt8] = []
        for i in 0..<10_050 {
            var line = Array("\u{1B}[3\(i % 8)m".utf8)
            for _ in 0..<200 { line.append(UInt8(ascii: "a") + UInt8(generator.below(26))) }
            text += line + [0x0D, 0x0A]
        }
        big.feed(text)
        let after = residentBytes()
        print(
            "scrollback memory: \(big.scrollbackCount) lines x 200 cols: \(format3(Double(after - before) / 1_048_576)) MiB resident"
        )
    }

    static func format3(_ v: Double) -> String {
        let scaled = (v * 1000).rounded() / 1000
        return "\(scaled)"
    }
}
