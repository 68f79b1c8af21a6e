// Output an application (or anything it prints) could use against the user: clipboard writes, title and
// status reports that echo attacker text back as input, floods and oversized sequences. The emulator must
// stay bounded in memory and time and must never answer with application-controlled bytes.

import Testing

@testable import RClaudeTerminal

@Suite struct HostileStreamTests {
    @Test func osc52ClipboardIsIgnored() {
        let r = render("\u{1B}]52;c;aGVsbG8=\u{07}\u{1B}]52;c;?\u{07}ok")
        #expect(r.replies.isEmpty)
        #expect(r.lines.first == "ok")
    }

    @Test func titleReportsAreNeverAnswered() {
        // Classic attack: set the title to a command, then ask the terminal to type it back.
        let r = render("\u{1B}]2;rm -rf ~\u{0A}\u{07}\u{1B}[21t\u{1B}[20t\u{1B}]l\u{1B}\\\u{1B}[>0;1t")
        #expect(r.replies.isEmpty)
        #expect(r.emulator.title == "rm -rf ~")
    }

    @Test func decrqssAndOtherDCSAreIgnored() {
        let r = render("\u{1B}P$qm\u{1B}\\\u{1B}P+q544e\u{1B}\\\u{1B}Ptmux;\u{1B}\u{1B}]52;c;eA==\u{07}\u{1B}\\ok")
        #expect(r.replies.isEmpty)
        #expect(r.lines.first == "ok")
    }

    @Test func colourQueriesAreNotAnswered() {
        let r = render("\u{1B}]10;?\u{07}\u{1B}]11;?\u{1B}\\\u{1B}]4;1;?\u{07}")
        #expect(r.replies.isEmpty)
    }

    @Test func daFloodRepliesAreCapped() {
        var e = Emulator(cols: 80, rows: 24)
        let flood = [UInt8](repeating: 0, count: 0) + Array(String(repeating: "\u{1B}[c\u{1B}[6n", count: 100_000).utf8)
        let out = e.feed(flood)
        #expect(out.replies.count <= 16 * 1024)
        #expect(out.replies.count > 0)
        // The next feed answers again.
        #expect(e.feed("\u{1B}[5n").replies == Array("\u{1B}[0n".utf8))
    }

    @Test func unterminatedOSCStaysBounded() {
        var e = Emulator(cols: 80, rows: 24)
        e.feed("\u{1B}]2;")
        let chunk = [UInt8](repeating: 0x41, count: 1 << 20)
        for _ in 0..<100 { e.feed(chunk) }
        #expect(e.isInString)
        #expect(e.parser.stringData.count <= VTParser.maxStringLength)
        e.feed("\u{07}after")
        #expect(!e.isInString)
        #expect(e.title == "")  // an overflowed string is dropped
        #expect(e.lines.first == "after")
    }

    @Test func unterminatedStringCanBeCancelled() {
        var e = Emulator(cols: 20, rows: 2)
        e.feed("\u{1B}Pswallowing")
        #expect(e.isInString)
        e.cancelPendingSequence()
        e.feed("visible")
        #expect(e.lines.first == "visible")
    }

    @Test func tenThousandParameters() {
        let params = (0..<10_000).map { String($0 % 300) }.joined(separator: ";")
        let r = render("\u{1B}[\(params)HY\u{1B}[\(params)mX", cols: 10, rows: 3, checkChunking: false)
        #expect(r.lines.first == "YX")
    }

    @Test func hugeParametersAreClamped() {
        let r = render(
            "\u{1B}[99999999999999999999;99999999999999999999H\u{1B}[99999999999@\u{1B}[99999999L\u{1B}[99999999S"
                + "\u{1B}[99999999Xok", cols: 10, rows: 3)
        #expect(r.cursor.y == 2)
    }

    @Test func invalidUTF8IsReplacedNotDropped() {
        let bytes: [UInt8] = [0x61, 0xFF, 0xFE, 0xC3, 0x28, 0xE2, 0x82, 0x62, 0xF0, 0x90, 0x80, 0xED, 0xA0, 0x80, 0x63]
        let r = render(bytes, cols: 20, rows: 1)
        #expect(r.lines == ["a\u{FFFD}\u{FFFD}\u{FFFD}(\u{FFFD}b\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}c"])
    }

    @Test func c1BytesAreNotControls() {
        // 0x9B is CSI in 8-bit mode; in UTF-8 mode it must not start a sequence.
        let r = render([0x9B, 0x32, 0x4A, 0x41], cols: 10, rows: 1)
        #expect(r.lines == ["\u{FFFD}2JA"])
    }

    @Test func deepNestingAndInterruptedSequences() {
        var input = ""
        for _ in 0..<10_000 { input += "\u{1B}[\u{1B}]\u{1B}P\u{1B}_\u{1B}(" }
        input += "\u{1B}\\done"
        let r = render(input, cols: 10, rows: 1, checkChunking: false)
        #expect(r.lines == ["done"])
    }

    @Test func hyperlinkTableIsBounded() {
        var e = Emulator(cols: 10, rows: 2)
        for i in 0..<(HyperlinkTable.maxEntries + 100) {
            e.feed("\u{1B}]8;;https://e.com/\(i)\u{07}x\u{1B}]8;;\u{07}")
        }
        #expect(e.screen.links.entries.count == HyperlinkTable.maxEntries)
        e.feed("\u{1B}]8;;" + String(repeating: "a", count: 10_000) + "\u{07}y")
        #expect(e.grid[e.cursor.x - 1, e.cursor.y].style.hyperlinkID == 0)
    }

    @Test func titleStackIsBounded() {
        var e = Emulator(cols: 10, rows: 2)
        for _ in 0..<1000 { e.feed("\u{1B}[22t") }
        #expect(e.screen.titleStack.count <= Screen.maxTitleStack)
    }

    @Test func clusterTableIsCompacted() {
        var e = Emulator(cols: 4, rows: 2)
        for _ in 0..<20_000 { e.feed("e\u{301}\r") }
        #expect(e.grid.clusters.count <= 2 * 4 * 2 + 1024)
        #expect(e.grid.text(x: 0, y: 0) == "e\u{301}")
    }

    @Test func randomGarbageNeverTraps() {
        var g = SeededGenerator(seed: 7)
        for round in 0..<50 {
            var e = Emulator(cols: 1 + g.below(100), rows: 1 + g.below(40), scrollbackLimit: g.below(50))
            let alphabet: [UInt8] = [
                0x1B, 0x5B, 0x5D, 0x50, 0x3B, 0x3A, 0x3F, 0x07, 0x18, 0x9C, 0xE6, 0x97, 0xA5, 0x20, 0x41, 0x31, 0x32,
                0x6D, 0x48, 0x4A, 0x4B, 0x40, 0x50, 0x0A, 0x0D, 0x08, 0x09, 0x62, 0x72, 0x68, 0x6C, 0xCC, 0x81, 0x30,
            ]
            var bytes: [UInt8] = []
            for _ in 0..<4000 {
                bytes.append(g.below(4) == 0 ? UInt8(g.below(256)) : alphabet[g.below(alphabet.count)])
            }
            e.feed(bytes)
            if round % 5 == 0 { e.resize(cols: g.below(120), rows: g.below(50)) }
            #expect(e.cursor.x < e.cols && e.cursor.y < e.rows)
        }
    }
}
