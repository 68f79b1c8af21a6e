// Pins the behaviours where the emulator deliberately differs from libvterm 0.1.4 (docs/terminal.md,
// "Intentional differences"). Each test states our behaviour; where libvterm differs the test also checks
// that it still does, so a libvterm upgrade that converges shows up here.

import Testing

@testable import RClaudeTerminal

@Suite struct IntentionalDifferenceTests {
    func libvterm(_ input: String, cols: Int, rows: Int) -> VTermOracle {
        let o = VTermOracle(cols: cols, rows: rows)
        o.feed(Array(input.utf8))
        return o
    }

    @Test func savedCursorIsPerScreen() {
        let input = "\u{1B}[2;3H\u{1B}7\u{1B}[?1049h\u{1B}[4;4H\u{1B}7\u{1B}[?1049l"
        let r = render(input, cols: 10, rows: 5)
        #expect(r.cursor.x == 2 && r.cursor.y == 1)
        #expect(libvterm(input, cols: 10, rows: 5).cursor == (3, 3))
    }

    @Test func scrollingLineFeedClearsPendingWrap() {
        let input = "\r\nabcde\nX"
        let r = render(input, cols: 5, rows: 2)
        #expect(r.lines == ["abcde", "    X"])
        #expect(libvterm(input, cols: 5, rows: 2).lines == ["", "X"])
        // Away from the bottom margin both clear it.
        #expect(libvterm("abcde\nX", cols: 5, rows: 3).lines == ["abcde", "    X", ""])
    }

    @Test func reverseIndexAndIndexClearPendingWrap() {
        #expect(render("\r\nabcde\u{1B}MX", cols: 5, rows: 3).lines == ["    X", "abcde", ""])
        #expect(render("abcde\u{1B}DX", cols: 5, rows: 3).lines == ["abcde", "    X", ""])
    }

    @Test func mode47And1047DoNotClearOnEntry() {
        let r = render("\u{1B}[?1049hold\u{1B}[?1049l\u{1B}[?47h", cols: 5, rows: 2)
        #expect(r.emulator.isAlternateScreen)
        #expect(r.lines == ["old", ""])
        let r2 = render("\u{1B}[?1047hx\u{1B}[?1047l\u{1B}[?1047h", cols: 5, rows: 2)
        #expect(r2.lines == ["", ""])  // 1047 cleared the alternate screen on exit
        #expect(libvterm("\u{1B}[?47hx\u{1B}[?47l", cols: 5, rows: 2).lines == ["x", ""])  // 47 ignored
    }

    @Test func enteringAlternateScreenTwiceDoesNotClear() {
        let input = "\u{1B}[?1049hkeep\u{1B}[?1049h"
        #expect(render(input, cols: 6, rows: 2).lines == ["keep", ""])
        #expect(libvterm(input, cols: 6, rows: 2).lines == ["", ""])
    }

    @Test func noAutowrapKeepsWideCharactersOnTheLine() {
        let input = "\u{1B}[?7labcd日本"
        #expect(render(input, cols: 5, rows: 2).lines == ["abc本", ""])
        #expect(libvterm(input, cols: 5, rows: 2).lines != ["abc本", ""])
    }

    @Test func insertModeInsertsTheWidthOfWideCharacters() {
        #expect(render("abc\r\u{1B}[4h日", cols: 6, rows: 1).lines == ["日abc"])
    }

    @Test func editingOutsideTheScrollRegionApplies() {
        let input = "abcdef\u{1B}[3;4r\u{1B}[1;1H\u{1B}[2P\u{1B}[1@"
        #expect(render(input, cols: 8, rows: 5).lines.first == " cdef")
        #expect(libvterm(input, cols: 8, rows: 5).lines.first == "abcdef")
    }

    @Test func relativeMovesStopAtTheMargins() {
        let input = "\u{1B}[3;5r\u{1B}[4;1H\u{1B}[9A"
        #expect(render(input, cols: 5, rows: 8).cursor.y == 2)
        #expect(libvterm(input, cols: 5, rows: 8).cursor.y == 0)
        #expect(render("\u{1B}[3;5r\u{1B}[4;1H\u{1B}[9B", cols: 5, rows: 8).cursor.y == 4)
    }

    @Test func invalidScrollRegionIsIgnored() {
        let r = render("ab\u{1B}[3;3r", cols: 5, rows: 5)
        #expect(r.cursor.x == 2 && r.cursor.y == 0)
    }

    @Test func combiningMarkAtTheRightMarginJoinsItsCharacter() {
        let input = "\u{1B}(B\u{1B}[1;5He\u{301}"
        #expect(render(input, cols: 5, rows: 2).lines == ["    e\u{301}", ""])
        #expect(libvterm(input, cols: 5, rows: 2).lines == ["    e", "\u{301}"])
        #expect(libvterm("abcde\u{301}", cols: 5, rows: 2).lines == ["abcde\u{301}", ""])
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        #expect(render("日本\u{1B}[2GX", cols: 6, rows: 1).lines == [" X本"])
        #expect(render("日本\u{1B}[1GX", cols: 6, rows: 1).lines == ["X 本"])
    }

    @Test func skinToneModifierJoinsTheEmoji() {
        let r = render("👍🏽|", cols: 6, rows: 1)
        #expect(r.cursor.x == 3)
        #expect(libvterm("👍🏽|", cols: 6, rows: 1).cursor.x == 5)
    }
}

extension IntentionalDifferenceTests {
    @Test func decscSavesCharacterSets() {
        let input = "\u{1B}(0\u{1B}7\u{1B}(Bq\u{1B}8\u{1B}[1;3Hq"
        #expect(render(input, cols: 5, rows: 1).lines == ["q ─"])
        #expect(libvterm(input, cols: 5, rows: 1).lines == ["q q"])
    }

    @Test func reverseScreenIsAModeNotCellAttributes() {
        let r = render("\u{1B}[?5hx", cols: 3, rows: 1)
        #expect(r.emulator.modes.reverseVideo)
        #expect(!r[0, 0].attributes.contains(.inverse))
        #expect(libvterm("\u{1B}[?5hx", cols: 3, rows: 1).cell(x: 0, y: 0).reverse)
    }
}
