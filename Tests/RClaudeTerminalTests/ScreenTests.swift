import Testing

@testable import RClaudeTerminal

@Suite struct ScreenTests {
    // MARK: - Printing and wrapping

    @Test func printsText() {
        let r = render("hello\r\nworld")
        #expect(r.lines == ["hello", "world", "", "", ""])
        #expect(r.cursor.x == 5 && r.cursor.y == 1)
    }

    @Test func autowrapWithPendingWrap() {
        let r = render("abcde", cols: 5, rows: 2)
        #expect(r.cursor.x == 4 && r.cursor.pendingWrap)
        #expect(r.lines == ["abcde", ""])
        let r2 = render("abcdef", cols: 5, rows: 2)
        #expect(r2.lines == ["abcde", "f"])
        #expect(r2.emulator.grid.isWrapped(0))
        #expect(r2.cursor.x == 1 && r2.cursor.y == 1)
    }

    @Test func pendingWrapClearedByCarriageReturn() {
        let r = render("abcde\rX", cols: 5, rows: 2)
        #expect(r.lines == ["Xbcde", ""])
    }

    @Test func noAutowrapOverwritesLastColumn() {
        let r = render("\(csi)?7labcdefg", cols: 5, rows: 2)
        #expect(r.lines == ["abcdg", ""])
        #expect(r.cursor.x == 4 && !r.cursor.pendingWrap)
    }

    @Test func scrollsIntoScrollback() {
        let r = render("1\r\n2\r\n3\r\n4", cols: 5, rows: 2)
        #expect(r.lines == ["3", "4"])
        #expect(r.emulator.scrollbackLines == ["1", "2"])
    }

    @Test func scrollbackIsBounded() {
        let text = (0..<50).map(String.init).joined(separator: "\r\n")
        let r = render(text, cols: 5, rows: 2, scrollback: 10, checkChunking: false)
        #expect(r.emulator.scrollbackCount == 10)
        #expect(r.emulator.scrollbackLines.first == "38")
        #expect(r.lines == ["48", "49"])
    }

    // MARK: - Cursor movement

    @Test func cursorMovement() {
        let r = render("\(csi)3;4H\(csi)2A\(csi)3C\(csi)B\(csi)2D", cols: 10, rows: 5)
        #expect(r.cursor.x == 4 && r.cursor.y == 1)
        let r2 = render("\(csi)99;99H", cols: 10, rows: 5)
        #expect(r2.cursor.x == 9 && r2.cursor.y == 4)
        let r3 = render("\(csi)5G\(csi)3d\(csi)2E", cols: 10, rows: 5)
        #expect(r3.cursor.x == 0 && r3.cursor.y == 4)
        let r4 = render("\(csi)3;3H\(csi)F\(csi)2`\(csi)2a\(csi)e", cols: 10, rows: 5)
        #expect(r4.cursor.x == 3 && r4.cursor.y == 2)
    }

    @Test func backspaceAndTabs() {
        let r = render("ab\u{08}c\tX\(csi)Z\(csi)2IY", cols: 30, rows: 2)
        #expect(r.lines == ["ac      X               Y", ""])
        let tabs = render("\(csi)3g\(csi)3G\(esc)H\(csi)6G\(esc)H\r\tA\tB\tC", cols: 10, rows: 1)
        #expect(tabs.lines == ["  A  B   C"])
    }

    @Test func saveAndRestoreCursor() {
        let r = render("\(csi)2;3H\(csi)31m\(esc)7\(csi)H\(csi)0mA\(esc)8B", cols: 10, rows: 3)
        #expect(r.lines == ["A", "  B", ""])
        #expect(r[2, 1].foreground == .indexed(1))
        let r2 = render("\(csi)2;3H\(csi)s\(csi)HA\(csi)uB", cols: 10, rows: 3)
        #expect(r2.lines == ["A", "  B", ""])
    }

    @Test func originModeAndScrollRegion() {
        let r = render("\(csi)2;4r\(csi)?6h\(csi)1;1HA\(csi)9;1HB\(csi)6n", cols: 5, rows: 5)
        #expect(r.lines == ["", "A", "", "B", ""])
        #expect(r.replyText == "\(csi)3;2R")
    }

    @Test func scrollRegionScrolls() {
        let r = render("1\r\n2\r\n3\r\n4\r\n5\(csi)2;4r\(csi)4;1H\nX", cols: 5, rows: 5)
        #expect(r.lines == ["1", "3", "4", "X", "5"])
        #expect(r.emulator.scrollbackCount == 0)
        let r2 = render("1\r\n2\r\n3\r\n4\r\n5\(csi)2;4r\(csi)2;1H\(esc)MX", cols: 5, rows: 5)
        #expect(r2.lines == ["1", "X", "2", "3", "5"])
    }

    @Test func indexAndNextLine() {
        let r = render("ab\(esc)Dc\(esc)Ed", cols: 5, rows: 3)
        #expect(r.lines == ["ab", "  c", "d"])
    }

    // MARK: - Erasing and editing

    @Test func eraseInDisplayAndLine() {
        let fill = "abcde\r\nfghij\r\nklmno"
        #expect(render(fill + "\(csi)2;3H\(csi)J", cols: 5, rows: 3).lines == ["abcde", "fg", ""])
        #expect(render(fill + "\(csi)2;3H\(csi)1J", cols: 5, rows: 3).lines == ["", "   ij", "klmno"])
        #expect(render(fill + "\(csi)2;3H\(csi)2J", cols: 5, rows: 3).lines == ["", "", ""])
        #expect(render(fill + "\(csi)2;3H\(csi)K", cols: 5, rows: 3).lines == ["abcde", "fg", "klmno"])
        #expect(render(fill + "\(csi)2;3H\(csi)1K", cols: 5, rows: 3).lines == ["abcde", "   ij", "klmno"])
        #expect(render(fill + "\(csi)2;3H\(csi)2K", cols: 5, rows: 3).lines == ["abcde", "", "klmno"])
        #expect(render(fill + "\(csi)2;2H\(csi)2X", cols: 5, rows: 3).lines == ["abcde", "f  ij", "klmno"])
    }

    @Test func eraseClearsScrollbackWithED3() {
        let r = render("1\r\n2\r\n3\(csi)3J", cols: 5, rows: 2)
        #expect(r.emulator.scrollbackCount == 0)
    }

    @Test func eraseUsesBackgroundColour() {
        let r = render("\(csi)44m\(csi)2J", cols: 3, rows: 1)
        #expect(r[1, 0].background == .indexed(4))
        #expect(r[1, 0].isEmpty)
    }

    @Test func insertAndDeleteCharacters() {
        #expect(render("abcde\(csi)3G\(csi)2@", cols: 6, rows: 1).lines == ["ab  cd"])
        #expect(render("abcde\(csi)2G\(csi)2P", cols: 6, rows: 1).lines == ["ade"])
        #expect(render("abcde\(csi)2G\(csi)4hXY", cols: 6, rows: 1).lines == ["aXYbcd"])
    }

    @Test func insertAndDeleteLines() {
        let fill = "1\r\n2\r\n3\r\n4"
        #expect(render(fill + "\(csi)2;1H\(csi)L", cols: 3, rows: 4).lines == ["1", "", "2", "3"])
        #expect(render(fill + "\(csi)2;1H\(csi)2M", cols: 3, rows: 4).lines == ["1", "4", "", ""])
        #expect(render(fill + "\(csi)2;3r\(csi)2;1H\(csi)L", cols: 3, rows: 4).lines == ["1", "", "2", "4"])
    }

    @Test func scrollUpAndDown() {
        let fill = "1\r\n2\r\n3"
        #expect(render(fill + "\(csi)S", cols: 3, rows: 3).lines == ["2", "3", ""])
        #expect(render(fill + "\(csi)2T", cols: 3, rows: 3).lines == ["", "", "1"])
    }

    @Test func repeatPreviousCharacter() {
        #expect(render("a\(csi)3b", cols: 10, rows: 1).lines == ["aaaa"])
        #expect(render("日\(csi)2b", cols: 10, rows: 1).lines == ["日日日"])
    }

    @Test func hostileRepeatIsBounded() {
        // REP is capped at one screenful: 1 + 30 characters on a 10x3 screen.
        let r = render("x\(csi)65535b", cols: 10, rows: 3)
        #expect(r.lines == ["xxxxxxxxxx", "xxxxxxxxxx", "x"])
        #expect(r.emulator.scrollbackCount == 1)
    }

    @Test func lineFeedNewLineMode() {
        let r = render("\(csi)20hab\ncd", cols: 5, rows: 2)
        #expect(r.lines == ["ab", "cd"])
    }

    @Test func screenAlignment() {
        let r = render("\(esc)#8", cols: 3, rows: 2)
        #expect(r.lines == ["EEE", "EEE"])
    }

    // MARK: - Styles

    @Test func sgrAttributesAndColours() {
        let r = render(
            "\(csi)1;3;4;5;7;8;9;53mA\(csi)0;2;21mB\(csi)4:3mC\(csi)31;42mD\(csi)91;103mE"
                + "\(csi)38;5;208;48;2;1;2;3mF\(csi)38:2::10:20:30mG\(csi)38:5:99mH\(csi)39;49;22;24mI",
            cols: 12, rows: 1)
        #expect(r[0, 0].attributes == [.bold, .italic, .blink, .inverse, .hidden, .strikethrough, .overline])
        #expect(r[0, 0].underline == .single)
        #expect(r[1, 0].attributes == [.dim])
        #expect(r[1, 0].underline == .double)
        #expect(r[2, 0].underline == .curly)
        #expect(r[3, 0].foreground == .indexed(1) && r[3, 0].background == .indexed(2))
        #expect(r[4, 0].foreground == .indexed(9) && r[4, 0].background == .indexed(11))
        #expect(r[5, 0].foreground == .indexed(208) && r[5, 0].background == .rgb(1, 2, 3))
        #expect(r[6, 0].foreground == .rgb(10, 20, 30))
        #expect(r[7, 0].foreground == .indexed(99))
        #expect(r[8, 0].foreground == .default && r[8, 0].background == .default)
        #expect(r[8, 0].attributes == [] && r[8, 0].underline == .none)
    }

    @Test func sgrResetAndMalformedColours() {
        let r = render("\(csi)31mA\(csi)mB\(csi)38;5mC\(csi)38;2;1mD", cols: 5, rows: 1)
        #expect(r[0, 0].foreground == .indexed(1))
        #expect(r[1, 0].style == .default)
        #expect(r.lines == ["ABCD"])
    }

    // MARK: - Character sets

    @Test func decSpecialGraphics() {
        let r = render("\(esc)(0lqk\(esc)(Bx\u{0E}", cols: 5, rows: 1)
        #expect(r.lines == ["┌─┐x"])
        let shifted = render("\(esc))0a\u{0E}q\u{0F}q", cols: 5, rows: 1)
        #expect(shifted.lines == ["a─q"])
        let uk = render("\(esc)(A#", cols: 5, rows: 1)
        #expect(uk.lines == ["£"])
    }

    // MARK: - Wide and combining characters

    @Test func wideCharacters() {
        let r = render("a日b", cols: 10, rows: 1)
        #expect(r.lines == ["a日b"])
        #expect(r[1, 0].width == 2 && r[2, 0].isWideContinuation)
        #expect(r.cursor.x == 4)
    }

    @Test func wideCharacterWrapsWhenItDoesNotFit() {
        let r = render("abcd日", cols: 5, rows: 2)
        #expect(r.lines == ["abcd", "日"])
        #expect(r.emulator.grid.isWrapped(0))
    }

    @Test func overwritingHalfAWideCharacterClearsIt() {
        #expect(render("日本\(csi)1GX", cols: 6, rows: 1).lines == ["X 本"])
        #expect(render("日本\(csi)2GX", cols: 6, rows: 1).lines == [" X本"])
    }

    @Test func combiningMarksJoinTheirCell() {
        let r = render("e\u{301}x", cols: 5, rows: 1)
        #expect(r.lines == ["e\u{301}x"])
        #expect(r.emulator.grid.text(x: 0, y: 0) == "e\u{301}")
        #expect(r.cursor.x == 2)
    }

    @Test func emojiSequencesStayInOneCell() {
        let r = render("👍🏽|👨‍👩‍👧|", cols: 10, rows: 1)
        #expect(r.emulator.grid.text(x: 0, y: 0) == "👍🏽")
        #expect(r.emulator.grid.text(x: 3, y: 0) == "👨‍👩‍👧")
        #expect(r.lines == ["👍🏽|👨‍👩‍👧|"])
    }

    @Test func combiningFloodIsBounded() {
        let marks = String(repeating: "\u{301}", count: 10_000)
        let r = render("a" + marks + "b", cols: 5, rows: 1, checkChunking: false)
        #expect(r.emulator.grid.text(x: 0, y: 0).utf8.count <= Grid.maxClusterBytes)
        #expect(r.lines.first?.hasSuffix("b") == true)
    }

    // MARK: - Modes and screens

    @Test func alternateScreen() {
        let r = render("main\(csi)?1049h\(csi)Halt", cols: 6, rows: 2)
        #expect(r.emulator.isAlternateScreen)
        #expect(r.lines == ["alt", ""])
        let back = render("main\(csi)?1049h\(csi)Halt\(csi)?1049l", cols: 6, rows: 2)
        #expect(!back.emulator.isAlternateScreen)
        #expect(back.lines == ["main", ""])
        #expect(back.cursor.x == 4)
    }

    @Test func alternateScreenHasNoScrollback() {
        let r = render("\(csi)?1049h1\r\n2\r\n3\r\n4", cols: 5, rows: 2)
        #expect(r.emulator.scrollbackCount == 0)
    }

    @Test func trackedModes() {
        let r = render(
            "\(csi)?1h\(csi)?2004h\(csi)?1002h\(csi)?1006h\(csi)?1004h\(csi)?2026h\(csi)?25l\(esc)=\(csi)5 q")
        let m = r.emulator.modes
        #expect(m.applicationCursorKeys && m.bracketedPaste && m.focusEvents && m.synchronizedOutput)
        #expect(m.mouseTracking == .buttonEvent && m.mouseEncoding == .sgr)
        #expect(!m.cursorVisible && m.applicationKeypad && m.cursorShape == .blinkingBar)
        let off = render("\(csi)?1002h\(csi)?1002l\(csi)?2026h\(csi)?2026l")
        #expect(off.emulator.modes.mouseTracking == .none && !off.emulator.modes.synchronizedOutput)
    }

    @Test func softAndFullReset() {
        let r = render("\(csi)31m\(csi)?25l\(csi)2;3r\(csi)!p", cols: 5, rows: 4)
        #expect(r.emulator.modes.cursorVisible)
        #expect(r.emulator.currentStyle == .default)
        let full = render("abc\(csi)?1049h\(esc)]2;t\u{07}\(esc)c", cols: 5, rows: 2)
        #expect(full.lines == ["", ""])
        #expect(!full.emulator.isAlternateScreen && full.emulator.title == "")
    }

    // MARK: - Queries

    @Test func queriesAreAnsweredAsValues() {
        #expect(render("\(csi)c").replyText == "\(csi)?1;2c")
        #expect(render("\(csi)>c").replyText == "\(csi)>0;100;0c")
        #expect(render("\(csi)5n").replyText == "\(csi)0n")
        #expect(render("ab\(csi)6n").replyText == "\(csi)1;3R")
        #expect(
            render("\(csi)?2004h\(csi)?2004$p\(csi)?1$p\(csi)?9999$p\(csi)4$p").replyText
                == "\(csi)?2004;1$y\(csi)?1;2$y\(csi)?9999;0$y\(csi)4;2$y")
        #expect(render("\(csi)18t", cols: 20, rows: 5).replyText == "\(csi)8;5;20t")
    }

    @Test func bellIsCounted() {
        #expect(render("a\u{07}b\u{07}").bells == 2)
    }

    // MARK: - Titles and hyperlinks

    @Test func titleIsAValue() {
        var e = Emulator(cols: 10, rows: 2)
        let out = e.feed("\(esc)]0;hello\u{07}x")
        #expect(out.title == "hello")
        #expect(e.title == "hello" && e.iconName == "hello")
        #expect(e.feed("y").title == nil)
        #expect(e.feed("\(esc)]2;a\u{1B}[31mb\u{202E}c\(esc)\\").title == "a")
    }

    @Test func titleIsSanitized() {
        var e = Emulator(cols: 10, rows: 2)
        e.feed(Array("\(esc)]2;a".utf8) + [0x9B, 0x07])
        #expect(e.title == "a\u{FFFD}")
        e.feed("\(esc)]2;x\u{202E}y\u{2066}z\u{07}")
        #expect(e.title == "xyz")
        e.feed("\(esc)]2;" + String(repeating: "t", count: 5000) + "\u{07}")
        #expect(e.title.count == Emulator.maxTitleLength)
    }

    @Test func titleStack() {
        let r = render("\(esc)]2;one\u{07}\(csi)22t\(esc)]2;two\u{07}\(csi)23t")
        #expect(r.emulator.title == "one")
    }

    @Test func hyperlinks() {
        let r = render("\(esc)]8;id=x;https://example.com\u{07}link\(esc)]8;;\u{07}no", cols: 10, rows: 1)
        let id = r[0, 0].style.hyperlinkID
        #expect(id != 0)
        #expect(r.emulator.hyperlink(id: id) == Hyperlink(id: "x", uri: "https://example.com"))
        #expect(r[4, 0].style.hyperlinkID == 0)
    }
}
