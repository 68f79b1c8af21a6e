import Testing

@testable import RClaudeTerminal

@Suite struct ScrollbackTests {
    @Test func lineCodecRoundTripsCells() {
        var e = Emulator(cols: 12, rows: 1, scrollbackLimit: 10)
        e.feed(
            "a\u{1B}[1;38;2;1;2;3;48;5;9mb日\u{1B}[0;4:3me\u{301}\u{1B}[44m \u{1B}[0m\u{1B}]8;;u\u{07}L\u{1B}]8;;\u{07}\r\n"
        )
        let grid = e.viewport(scrolledBack: 1)
        #expect(grid.lines == ["ab日e\u{301} L"])
        #expect(grid[1, 0].attributes == [.bold])
        #expect(grid[1, 0].foreground == .rgb(1, 2, 3) && grid[1, 0].background == .indexed(9))
        #expect(grid[2, 0].width == 2 && grid[3, 0].isWideContinuation)
        #expect(grid[4, 0].underline == .curly && grid.text(x: 4, y: 0) == "e\u{301}")
        #expect(grid[5, 0].background == .indexed(4))
        #expect(e.hyperlink(id: grid[6, 0].style.hyperlinkID)?.uri == "u")
        #expect(grid[7, 0] == .blank)
    }

    @Test func erasedCellsWithBackgroundAreKept() {
        var e = Emulator(cols: 6, rows: 1)
        e.feed("\u{1B}[41m\u{1B}[2K\u{1B}[0mx\r\n")
        let grid = e.viewport(scrolledBack: 1)
        #expect(grid[5, 0].background == .indexed(1))
    }

    @Test func tenThousandLinesOf200ColumnsFitTheBudget() {
        var e = Emulator(cols: 200, rows: 10, scrollbackLimit: 10_000)
        var g = SeededGenerator(seed: 3)
        var text: [UInt8] = []
        for i in 0..<10_010 {
            text += Array("\u{1B}[3\(i % 8)m".utf8)
            for _ in 0..<200 { text.append(UInt8(0x61 + g.below(26))) }
            text += Array("\u{1B}[0m\r\n".utf8)
        }
        e.feed(text)
        #expect(e.scrollbackCount == 10_000)
        // Encoded bytes plus, per line, the array header and malloc overhead (64 bytes is generous) and the
        // ring slot.
        let estimate = e.screen.scrollback.encodedBytes + e.scrollbackCount * (64 + 16)
        #expect(estimate < 16_000_000)
        #expect(e.scrollbackLine(9_999).count == 200)
    }

    @Test func actionValuesApplyLikeFeeding() {
        let input = Array("\u{1B}[31mred\u{1B}[0m\r\n日本\u{1B}[2;1H\u{1B}[K\u{1B}]2;t\u{07}x".utf8)
        var parser = VTParser()
        var screen = Screen(cols: 10, rows: 3, scrollbackLimit: 10)
        for action in parser.parse(input) { screen.apply(action) }
        var e = Emulator(cols: 10, rows: 3, scrollbackLimit: 10)
        e.feed(input)
        #expect(screen.grid == e.grid)
        #expect(screen.title == "t")
    }
}
