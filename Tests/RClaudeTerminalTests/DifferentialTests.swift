import Testing

@testable import RClaudeTerminal

/// The emulator against libvterm on generated streams: the same visible text, cursor, colours and
/// attributes. The generator avoids the intentional differences listed in docs/terminal.md.
@Suite struct DifferentialTests {
    static let sizes = [(20, 6), (80, 24), (7, 3), (33, 10)]

    @Test(arguments: 0..<400)
    func randomStreamsMatchLibvterm(seed: Int) {
        let (cols, rows) = Self.sizes[seed % Self.sizes.count]
        let tokens = Differential.tokens(seed: UInt64(seed), length: 1500, cols: cols, rows: rows)
        let bytes = Array((Differential.prefix + tokens.joined()).utf8)
        let diffs = Differential.differences(bytes, cols: cols, rows: rows)
        if !diffs.isEmpty {
            let minimal = Differential.minimize(tokens, cols: cols, rows: rows)
            let shown = Differential.debug(minimal.joined())
            Issue.record("seed \(seed) \(cols)x\(rows): \(diffs.joined(separator: "; ")); minimal input: \(shown)")
        }
    }

    @Test func libvtermAgreesOnBasics() {
        let input = "\u{1B}[31mhello\u{1B}[0m w\u{1B}[1;38;5;208mide:日本\u{1B}[0m\r\n\u{1B}[2Cline2"
        #expect(Differential.differences(Array(input.utf8), cols: 20, rows: 5).isEmpty)
    }
}

@Suite struct DifferentialReplyTests {
    /// Queries both answer, with the same bytes.
    @Test(arguments: [
        "\u{1B}[c", "\u{1B}[0c", "\u{1B}[>c", "\u{1B}[5n", "\u{1B}[6n", "\u{1B}[?6n", "\u{1B}[3;7H\u{1B}[6n",
        "\u{1B}[?2004$p", "\u{1B}[?2004h\u{1B}[?2004$p", "\u{1B}[?1$p", "\u{1B}[?25$p", "\u{1B}[21t",
        "\u{1B}]2;x\u{07}\u{1B}[21t",
        "\u{1B}]11;?\u{07}", "\u{1B}]52;c;?\u{07}",
    ])
    func repliesMatchLibvterm(query: String) {
        let oracle = VTermOracle(cols: 10, rows: 5)
        let theirs = oracle.feed(Array(query.utf8))
        var emulator = Emulator(cols: 10, rows: 5)
        let ours = emulator.feed(query).replies
        #expect(ours == theirs, "\(Differential.debug(query))")
    }

    /// Queries we deliberately answer differently (see docs/terminal.md).
    @Test func intentionalReplyDifferences() {
        var emulator = Emulator(cols: 10, rows: 5)
        // DECRQSS: libvterm reports the requested setting; we never answer DCS requests.
        #expect(emulator.feed("\u{1B}P$qm\u{1B}\\").replies.isEmpty)
        // Text-area size: libvterm does not answer; we report rows and columns.
        #expect(emulator.feed("\u{1B}[18t").replies == Array("\u{1B}[8;5;10t".utf8))
        // CPR in origin mode is relative to the scroll region (as on DEC terminals and xterm); libvterm
        // reports the absolute row.
        #expect(emulator.feed("\u{1B}[2;4r\u{1B}[?6h\u{1B}[2;2H\u{1B}[6n").replies == Array("\u{1B}[2;2R".utf8))
        // DECRQM for the alternate screen and for ANSI modes: libvterm does not know them.
        var fresh = Emulator(cols: 10, rows: 5)
        #expect(fresh.feed("\u{1B}[?1049$p\u{1B}[4$p").replies == Array("\u{1B}[?1049;2$y\u{1B}[4;2$y".utf8))
    }
}

@Suite struct DifferentialCharsetTests {
    /// Same glyphs except `y` and `z`: libvterm uses ⩽ ⩾ (U+2A7D/E), xterm and we use ≤ ≥ (U+2264/5),
    /// which every terminal font has.
    @Test func decSpecialGraphicsMatchesLibvterm() {
        let all = (0x60...0x78).map { String(UnicodeScalar(UInt8($0))) }.joined() + "{|}~"
        let input = "\u{1B}(0" + all + "\u{1B}(B" + all
        #expect(Differential.differences(Array(input.utf8), cols: 80, rows: 2).isEmpty)
        let yz = VTermOracle(cols: 4, rows: 1)
        yz.feed(Array("\u{1B}(0yz".utf8))
        #expect(yz.line(0) == "\u{2A7D}\u{2A7E}")
        #expect(render("\u{1B}(0yz", cols: 4, rows: 1).lines == ["≤≥"])
    }
}
