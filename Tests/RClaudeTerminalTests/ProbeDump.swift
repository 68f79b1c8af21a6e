import Testing

@testable import RClaudeTerminal

#if canImport(Glibc)
import Glibc
#endif

@Suite struct ProbeDump {
    @Test func dump() {
        guard let raw = getenv("PROBE"), let sizeRaw = getenv("PROBE_SIZE") else { return }
        let input = String(cString: raw).replacingEscapes()
        let size = String(cString: sizeRaw).split(separator: "x").compactMap { Int($0) }
        let (cols, rows) = (size[0], size[1])
        let o = VTermOracle(cols: cols, rows: rows)
        o.feed(Array(input.utf8))
        var e = Emulator(cols: cols, rows: rows)
        e.feed(input)
        print("PROBE ours cursor \(e.cursor.x),\(e.cursor.y) pending \(e.cursor.pendingWrap); libvterm \(o.cursor)")
        if getenv("PROBE_CELLS") != nil {
            for x in 0..<cols {
                let c = o.cell(x: x, y: 0)
                print("PROBE cell \(x): \(c.text.unicodeScalars.map { $0.value }) w=\(c.width) ours \(e.grid.text(x: x, y: 0).unicodeScalars.map { $0.value }) w=\(e.grid[x, 0].width)")
            }
        }
        for y in 0..<rows {
            print("PROBE ours |\(e.grid.line(y))|   libvterm |\(o.line(y))|")
        }
    }
}

extension String {
    func replacingEscapes() -> String {
        var out = ""
        var it = makeIterator()
        while let c = it.next() {
            if c == "\\" {
                guard let n = it.next() else { break }
                switch n {
                case "e": out += "\u{1B}"
                case "r": out += "\r"
                case "n": out += "\n"
                case "t": out += "\t"
                case "b": out += "\u{08}"
                case "x":
                    var hex = ""
                    if let a = it.next() { hex.append(a) }
                    if let b = it.next() { hex.append(b) }
                    out.unicodeScalars.append(Unicode.Scalar(UInt8(hex, radix: 16) ?? 0x3F))
                default: out.append(n)
                }
            } else {
                out.append(c)
            }
        }
        return out
    }
}

@Suite struct FixtureDump {
    @Test func dumpFixture() {
        guard let raw = getenv("FIXTURE") else { return }
        let name = String(cString: raw)
        guard let entry = Fixtures.recordings.first(where: { $0.name == name }), let bytes = Fixtures.load(name) else { return }
        let upto = getenv("UPTO").flatMap { Int(String(cString: $0)) } ?? bytes.count
        let prefix = Array(bytes[0..<min(upto, bytes.count)])
        var e = Emulator(cols: entry.cols, rows: entry.rows)
        e.feed(prefix)
        let o = VTermOracle(cols: entry.cols, rows: entry.rows)
        o.feed(prefix)
        print("FIX ours cursor \(e.cursor.x),\(e.cursor.y); libvterm \(o.cursor) alt \(e.isAlternateScreen)")
        for y in 0..<entry.rows {
            print("FIX \(y < 10 ? " " : "")\(y) ours |\(e.grid.line(y))|")
            print("FIX    vt   |\(o.line(y))|")
        }
    }
}

@Suite struct ReplyProbe {
    @Test func replies() {
        guard getenv("REPLYPROBE") != nil else { return }
        for q in ["\u{1B}[c", "\u{1B}[>c", "\u{1B}[5n", "\u{1B}[6n", "\u{1B}[?6n", "\u{1B}P$qm\u{1B}\\", "\u{1B}[18t", "\u{1B}[21t", "\u{1B}[?2004$p", "\u{1B}]2;x\u{07}\u{1B}[21t", "\u{1B}]11;?\u{07}", "\u{1B}[>q"] {
            let o = VTermOracle(cols: 10, rows: 3)
            let r = o.feed(Array(q.utf8))
            var e = Emulator(cols: 10, rows: 3)
            let ours = e.feed(q).replies
            print("REPLY \(Differential.debug(q)) libvterm \(Differential.debug(String(decoding: r, as: UTF8.self))) ours \(Differential.debug(String(decoding: ours, as: UTF8.self)))")
        }
        for s in ["😀", "🚀", "✅", "⌚", "🇯🇵", "👍🏽", "\u{200B}", "\u{FE0F}", "\u{AD}", "€", "✓", "☃", "한", "\u{1160}", "\u{3000}", "\u{2E3B}"] {
            let o = VTermOracle(cols: 10, rows: 1)
            o.feed(Array((s + "|").utf8))
            var e = Emulator(cols: 10, rows: 1)
            e.feed(s + "|")
            print("WIDTH \(s.unicodeScalars.map { String($0.value, radix: 16) }) libvterm \(o.cursor.x - 1) ours \(e.cursor.x - 1)")
        }
    }
}
