import Testing

@testable import RClaudeTerminal

@Suite struct KeyEncoderTests {
    func encode(_ key: Key, _ modifiers: KeyModifiers = [], modes: TerminalModes = TerminalModes()) -> String {
        String(decoding: KeyEncoder.encode(KeyEvent(key, modifiers: modifiers), modes: modes), as: UTF8.self)
    }

    @Test func cursorKeysFollowApplicationMode() {
        #expect(encode(.up) == "\u{1B}[A")
        #expect(encode(.left) == "\u{1B}[D")
        #expect(encode(.home) == "\u{1B}[H")
        #expect(encode(.end) == "\u{1B}[F")
        var app = TerminalModes()
        app.applicationCursorKeys = true
        #expect(encode(.up, modes: app) == "\u{1B}OA")
        #expect(encode(.end, modes: app) == "\u{1B}OF")
        #expect(encode(.up, [.control], modes: app) == "\u{1B}[1;5A")
    }

    @Test func modifiedKeysUseXtermParameters() {
        #expect(encode(.right, [.shift]) == "\u{1B}[1;2C")
        #expect(encode(.right, [.alt]) == "\u{1B}[1;3C")
        #expect(encode(.right, [.control, .shift]) == "\u{1B}[1;6C")
        #expect(encode(.delete, [.control]) == "\u{1B}[3;5~")
        #expect(encode(.pageUp) == "\u{1B}[5~")
        #expect(encode(.pageDown, [.shift]) == "\u{1B}[6;2~")
        #expect(encode(.insert) == "\u{1B}[2~")
    }

    @Test func functionKeys() {
        #expect(encode(.function(1)) == "\u{1B}OP")
        #expect(encode(.function(4)) == "\u{1B}OS")
        #expect(encode(.function(1), [.shift]) == "\u{1B}[1;2P")
        #expect(encode(.function(5)) == "\u{1B}[15~")
        #expect(encode(.function(10)) == "\u{1B}[21~")
        #expect(encode(.function(11)) == "\u{1B}[23~")
        #expect(encode(.function(12), [.control]) == "\u{1B}[24;5~")
        #expect(encode(.function(99)).isEmpty)
    }

    @Test func editingKeys() {
        #expect(encode(.enter) == "\r")
        var lnm = TerminalModes()
        lnm.newlineMode = true
        #expect(encode(.enter, modes: lnm) == "\r\n")
        #expect(encode(.enter, [.alt]) == "\u{1B}\r")
        #expect(encode(.tab) == "\t")
        #expect(encode(.tab, [.shift]) == "\u{1B}[Z")
        #expect(encode(.backspace) == "\u{7F}")
        #expect(encode(.backspace, [.control]) == "\u{08}")
        #expect(encode(.backspace, [.alt]) == "\u{1B}\u{7F}")
        #expect(encode(.escape) == "\u{1B}")
    }

    @Test func controlAndAltCharacters() {
        #expect(encode(.character("a")) == "a")
        #expect(encode(.character("日")) == "日")
        #expect(encode(.character("c"), [.control]) == "\u{03}")
        #expect(encode(.character("C"), [.control]) == "\u{03}")
        #expect(encode(.character(" "), [.control]) == "\u{00}")
        #expect(encode(.character("["), [.control]) == "\u{1B}")
        #expect(encode(.character("\\"), [.control]) == "\u{1C}")
        #expect(encode(.character("/"), [.control]) == "\u{1F}")
        #expect(encode(.character("x"), [.alt]) == "\u{1B}x")
        #expect(encode(.character("x"), [.alt, .control]) == "\u{1B}\u{18}")
        #expect(encode(.character("é"), [.control]) == "é")
    }

    @Test func pasteIsBracketedAndSanitized() {
        var modes = TerminalModes()
        let plain = KeyEncoder.encodePaste("a\nb\r\nc\u{1B}[201~d\u{9B}e\tf", modes: modes)
        #expect(String(decoding: plain, as: UTF8.self) == "a\rb\rc[201~de\tf")
        modes.bracketedPaste = true
        let bracketed = KeyEncoder.encodePaste("x\u{1B}[201~rm -rf /\n", modes: modes)
        #expect(String(decoding: bracketed, as: UTF8.self) == "\u{1B}[200~x[201~rm -rf /\r\u{1B}[201~")
    }

    @Test func focusEventsOnlyWhenRequested() {
        var modes = TerminalModes()
        #expect(KeyEncoder.encodeFocus(true, modes: modes).isEmpty)
        modes.focusEvents = true
        #expect(KeyEncoder.encodeFocus(true, modes: modes) == Array("\u{1B}[I".utf8))
        #expect(KeyEncoder.encodeFocus(false, modes: modes) == Array("\u{1B}[O".utf8))
    }

    @Test func mouseReports() {
        var modes = TerminalModes()
        let press = MouseEvent(.press, button: .left, x: 4, y: 2)
        #expect(KeyEncoder.encodeMouse(press, modes: modes).isEmpty)
        modes.mouseTracking = .normal
        #expect(KeyEncoder.encodeMouse(press, modes: modes) == [0x1B, 0x5B, 0x4D, 32, 37, 35])
        #expect(KeyEncoder.encodeMouse(MouseEvent(.motion, button: .left, x: 1, y: 1), modes: modes).isEmpty)
        modes.mouseEncoding = .sgr
        #expect(String(decoding: KeyEncoder.encodeMouse(press, modes: modes), as: UTF8.self) == "\u{1B}[<0;5;3M")
        let release = MouseEvent(.release, button: .right, x: 0, y: 0, modifiers: [.control])
        #expect(String(decoding: KeyEncoder.encodeMouse(release, modes: modes), as: UTF8.self) == "\u{1B}[<18;1;1m")
        let wheel = MouseEvent(.scrollDown, x: 9, y: 9)
        #expect(String(decoding: KeyEncoder.encodeMouse(wheel, modes: modes), as: UTF8.self) == "\u{1B}[<65;10;10M")
        modes.mouseTracking = .buttonEvent
        let drag = MouseEvent(.motion, button: .left, x: 2, y: 3)
        #expect(String(decoding: KeyEncoder.encodeMouse(drag, modes: modes), as: UTF8.self) == "\u{1B}[<32;3;4M")
        #expect(KeyEncoder.encodeMouse(MouseEvent(.motion, button: .none, x: 2, y: 3), modes: modes).isEmpty)
        modes.mouseTracking = .anyEvent
        #expect(
            String(
                decoding: KeyEncoder.encodeMouse(MouseEvent(.motion, button: .none, x: 2, y: 3), modes: modes),
                as: UTF8.self) == "\u{1B}[<35;3;4M")
        modes.mouseEncoding = .x10
        #expect(KeyEncoder.encodeMouse(MouseEvent(.press, x: 300, y: 1), modes: modes).isEmpty)
        modes.mouseEncoding = .urxvt
        #expect(String(decoding: KeyEncoder.encodeMouse(press, modes: modes), as: UTF8.self) == "\u{1B}[32;5;3M")
        modes.mouseEncoding = .utf8
        #expect(
            String(decoding: KeyEncoder.encodeMouse(MouseEvent(.press, x: 300, y: 1), modes: modes), as: UTF8.self)
                == "\u{1B}[M \u{14D}\"")
    }

    @Test func encodingFollowsTheEmulatorsModes() {
        var e = Emulator(cols: 10, rows: 2)
        e.feed("\u{1B}[?1h\u{1B}[?2004h")
        #expect(KeyEncoder.encode(KeyEvent(.down), modes: e.modes) == Array("\u{1B}OB".utf8))
        #expect(KeyEncoder.encodePaste("p", modes: e.modes) == Array("\u{1B}[200~p\u{1B}[201~".utf8))
    }
}
