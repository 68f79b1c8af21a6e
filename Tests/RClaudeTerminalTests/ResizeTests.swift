import Testing

@testable import RClaudeTerminal

@Suite struct ResizeTests {
    @Test func narrowingReflowsSoftWrappedLines() {
        var e = Emulator(cols: 10, rows: 4)
        e.feed("abcdefghijklmno\r\nxy")
        #expect(e.lines == ["abcdefghij", "klmno", "xy", ""])
        e.resize(cols: 5, rows: 4)
        #expect(e.lines == ["abcde", "fghij", "klmno", "xy"])
        #expect(e.cursor.x == 2 && e.cursor.y == 3)
        e.resize(cols: 20, rows: 4)
        #expect(e.lines == ["abcdefghijklmno", "xy", "", ""])
        #expect(e.cursor.x == 2 && e.cursor.y == 1)
    }

    @Test func hardLineBreaksAreKept() {
        var e = Emulator(cols: 10, rows: 3)
        e.feed("abc\r\ndef")
        e.resize(cols: 20, rows: 3)
        #expect(e.lines == ["abc", "def", ""])
    }

    @Test func shrinkingPushesTopLinesIntoScrollback() {
        var e = Emulator(cols: 10, rows: 4)
        e.feed("1\r\n2\r\n3\r\n4")
        e.resize(cols: 10, rows: 2)
        #expect(e.lines == ["3", "4"])
        #expect(e.scrollbackLines == ["1", "2"])
        #expect(e.cursor.y == 1)
        e.resize(cols: 10, rows: 4)
        #expect(e.lines == ["1", "2", "3", "4"])
        #expect(e.scrollbackCount == 0)
        #expect(e.cursor.y == 3)
    }

    @Test func shrinkingDropsBlankRowsBelowTheCursorFirst() {
        var e = Emulator(cols: 10, rows: 6)
        e.feed("1\r\n2")
        e.resize(cols: 10, rows: 3)
        #expect(e.lines == ["1", "2", ""])
        #expect(e.scrollbackCount == 0)
        #expect(e.cursor.y == 1)
    }

    @Test func scrollbackReflowsToo() {
        var e = Emulator(cols: 6, rows: 2)
        e.feed("abcdefghij\r\nk\r\nl\r\nm")
        #expect(e.scrollbackLines == ["abcdef", "ghij", "k"])
        e.resize(cols: 12, rows: 2)
        #expect(e.scrollbackLines == ["abcdefghij", "k"])
        #expect(e.lines == ["l", "m"])
    }

    @Test func wideCharactersAreNotSplitByReflow() {
        var e = Emulator(cols: 6, rows: 3)
        e.feed("ab日本語")
        #expect(e.lines == ["ab日本", "語", ""])
        e.resize(cols: 5, rows: 3)
        #expect(e.lines == ["ab日", "本語", ""])
        #expect(e.grid[3, 0].isEmpty)
    }

    @Test func stylesAndClustersSurviveReflow() {
        var e = Emulator(cols: 4, rows: 3)
        e.feed("\u{1B}[31mabcde\u{301}f\u{1B}[0m")
        e.resize(cols: 8, rows: 3)
        #expect(e.lines == ["abcde\u{301}f", "", ""])
        #expect(e.grid[4, 0].foreground == .indexed(1))
        #expect(e.grid.text(x: 4, y: 0) == "e\u{301}")
    }

    @Test func alternateScreenIsCroppedAndPrimaryReflowed() {
        var e = Emulator(cols: 10, rows: 3)
        e.feed("abcdefghijkl\u{1B}[?1049h\u{1B}[Hfull screen")
        e.resize(cols: 6, rows: 3)
        #expect(e.isAlternateScreen)
        #expect(e.lines == ["full s", "n", ""])
        e.feed("\u{1B}[?1049l")
        #expect(e.lines == ["abcdef", "ghijkl", ""])
    }

    @Test func resizeToTinyAndBack() {
        var e = Emulator(cols: 20, rows: 5)
        e.feed("hello world 日本語\r\nsecond line\u{1B}[31m colour")
        for (c, r) in [(1, 1), (0, 0), (2, 1), (1, 5), (3, 3), (-4, -4), (80, 24), (20, 5)] {
            e.resize(cols: c, rows: r)
            #expect(e.cols == max(1, c) && e.rows == max(1, r))
            #expect(e.cursor.x < e.cols && e.cursor.y < e.rows)
            e.feed("x日\u{301}\u{1B}[5;5H\u{1B}[2J\u{1B}[K\u{1B}[3@y")
        }
    }

    @Test func oneByOneScreen() {
        let r = render("hello\r\n日本\u{1B}[5;5Hx\u{1B}[?1049h\u{1B}[2Sz", cols: 1, rows: 1)
        #expect(r.lines.count == 1)
        #expect(r.cursor.x == 0 && r.cursor.y == 0)
    }

    @Test func viewportShowsScrollback() {
        var e = Emulator(cols: 5, rows: 2)
        e.feed("1\r\n2\r\n3\r\n4")
        #expect(e.viewport(scrolledBack: 1).lines == ["2", "3"])
        #expect(e.viewport(scrolledBack: 5).lines == ["1", "2"])
        #expect(e.viewport(scrolledBack: 0).lines == ["3", "4"])
    }

    @Test func scrollbackLimitCanChange() {
        var e = Emulator(cols: 5, rows: 1, scrollbackLimit: 3)
        e.feed("1\r\n2\r\n3\r\n4\r\n5")
        #expect(e.scrollbackLines == ["2", "3", "4"])
        e.setScrollbackLimit(2)
        #expect(e.scrollbackLines == ["3", "4"])
        e.setScrollbackLimit(0)
        e.feed("\r\n6")
        #expect(e.scrollbackCount == 0)
    }
}
