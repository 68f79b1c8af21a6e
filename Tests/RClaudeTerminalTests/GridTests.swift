import Testing

@testable import RClaudeTerminal

@Suite struct GridTests {
    @Test func drawTextAndReadLines() {
        var grid = Grid(width: 10, height: 3)
        let style = CellStyle(foreground: .indexed(2), attributes: [.bold])
        #expect(grid.write("hi 日本", x: 1, y: 0, style: style) == 8)
        #expect(grid.write("overflowing text", x: 0, y: 1) == 10)
        #expect(grid.write("ab日", x: 7, y: 2) == 9)  // the wide character does not fit
        #expect(grid.lines == [" hi 日本", "overflowin", "       ab"])
        #expect(grid[1, 0].style == style && grid[1, 0].attributes == [.bold])
        #expect(grid[4, 0].width == 2 && grid[5, 0].isWideContinuation)
        #expect(grid.text(x: 5, y: 0) == "")
    }

    @Test func putHandlesClustersAndWideCharacters() {
        var grid = Grid(width: 4, height: 1)
        #expect(grid.put("é", x: 0, y: 0) == 1)
        #expect(grid.put("e\u{301}", x: 1, y: 0) == 1)
        #expect(grid.put("👨‍👩‍👧", x: 2, y: 0) == 2)
        #expect(grid.lines == ["ée\u{301}👨‍👩‍👧"])
        #expect(grid.put("日", x: 3, y: 0) == 0)
        #expect(grid.put("x", x: 3, y: 0) == 1)  // splits the emoji: its left half is blanked
        #expect(grid.lines == ["ée\u{301} x"])
    }

    @Test func controlCharactersAreNeverDrawn() {
        var grid = Grid(width: 5, height: 1)
        grid.write("a\u{1B}b\u{9B}", x: 0, y: 0)
        #expect(grid.lines == ["a\u{FFFD}b\u{FFFD}"])
    }

    @Test func fillAndClear() {
        var grid = Grid(width: 4, height: 3)
        let cell = Cell("#", style: CellStyle(background: .rgb(1, 2, 3)))
        grid.fill(Rect(x: 1, y: 1, width: 9, height: 9), with: cell)
        #expect(grid.lines == ["", " ###", " ###"])
        #expect(grid[3, 2].background == .rgb(1, 2, 3))
        grid.clear()
        #expect(grid.lines == ["", "", ""])
        #expect(grid == Grid(width: 4, height: 3))
    }

    @Test(arguments: [(0, 0), (1, 1), (0, 5), (5, 0)])
    func degenerateSizesNeverTrap(width: Int, height: Int) {
        var grid = Grid(width: width, height: height)
        grid.write("hello 日本", x: 0, y: 0)
        grid.put("x", x: -1, y: -1)
        grid[9, 9] = Cell("z")
        grid.fill(grid.area, with: .blank)
        grid.setWrapped(0, true)
        #expect(grid[-1, 0] == .blank)
        #expect(grid.lines.count == max(0, height))
        #expect(grid.line(99) == "")
    }

    @Test func cellAccessors() {
        var cell = Cell("A")
        cell.foreground = .rgb(9, 8, 7)
        cell.background = .indexed(3)
        cell.attributes = [.italic, .strikethrough]
        cell.underline = .dotted
        #expect(cell.scalar == "A" && cell.width == 1 && !cell.isEmpty && !cell.isCluster)
        #expect(cell.foreground == .rgb(9, 8, 7) && cell.background == .indexed(3))
        #expect(cell.attributes == [.italic, .strikethrough] && cell.underline == .dotted)
        #expect(Cell("日").width == 2)
        #expect(Cell.blank.isEmpty && Cell.blank.scalar == nil)
        #expect(Cell(blankWith: CellStyle(background: .indexed(1))).background == .indexed(1))
    }

    @Test func paletteToRGB() {
        func rgb(_ c: TerminalColor) -> [UInt8]? { c.rgbValue.map { [$0.red, $0.green, $0.blue] } }
        #expect(rgb(.default) == nil)
        #expect(rgb(.indexed(1)) == [205, 0, 0])
        #expect(rgb(.indexed(16)) == [0, 0, 0])
        #expect(rgb(.indexed(196)) == [255, 0, 0])
        #expect(rgb(.indexed(232)) == [8, 8, 8])
        #expect(rgb(.rgb(1, 2, 3)) == [1, 2, 3])
    }

    @Test func characterWidths() {
        #expect(CharacterWidth.width(of: "a" as Unicode.Scalar) == 1)
        #expect(CharacterWidth.width(of: "日" as Unicode.Scalar) == 2)
        #expect(CharacterWidth.width(of: "\u{301}" as Unicode.Scalar) == 0)
        #expect(CharacterWidth.width(of: "😀" as Unicode.Scalar) == 2)
        #expect(CharacterWidth.width(of: "\u{E0100}" as Unicode.Scalar) == 0)  // variation selector supplement
        #expect(CharacterWidth.width(of: "𠀀" as Unicode.Scalar) == 2)
        #expect(CharacterWidth.width(of: "abc日本") == 7)
        #expect(CharacterWidth.width(of: "e\u{301}" as Character) == 1)
    }

    @Test func everyTrackedModeIsReportedByDECRQM() {
        let modes = [
            1, 5, 6, 7, 9, 12, 25, 47, 66, 1000, 1002, 1003, 1004, 1005, 1006, 1007, 1015, 1047, 1049, 2004, 2026,
        ]
        for mode in modes {
            var e = Emulator(cols: 10, rows: 3)
            let off = String(decoding: e.feed("\u{1B}[?\(mode)$p").replies, as: UTF8.self)
            e.feed("\u{1B}[?\(mode)h")
            let on = String(decoding: e.feed("\u{1B}[?\(mode)$p").replies, as: UTF8.self)
            let initiallyOn = mode == 7 || mode == 25
            #expect(off == "\u{1B}[?\(mode);\(initiallyOn ? 1 : 2)$y", "mode \(mode)")
            #expect(on == "\u{1B}[?\(mode);1$y", "mode \(mode)")
        }
    }
}
