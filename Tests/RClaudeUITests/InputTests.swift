import Foundation
import RClaudeTerminal
import Testing

@testable import RClaudeUI

/// Input decoding, key names, key bindings, text fields and the settings file.
@Suite struct InputTests {
    func decode(_ raws: [RawInput]) -> [InputEvent] {
        var decoder = InputDecoder()
        var events: [InputEvent] = []
        for raw in raws { events += decoder.feed(raw) }
        return events + decoder.flush()
    }

    func chars(_ text: String) -> [RawInput] { text.unicodeScalars.map { .character($0.value) } }

    @Test func controlCodesBecomeControlKeys() {
        #expect(decode([.character(0x01)]) == [.key(KeyEvent(.character("a"), modifiers: .control))])
        #expect(decode([.character(0x1C)]) == [.key(KeyEvent(.character("\\"), modifiers: .control))])
        #expect(decode([.character(0x0D)]) == [.key(KeyEvent(.enter))])
        #expect(decode([.character(0x7F)]) == [.key(KeyEvent(.backspace))])
        #expect(decode([.character(0x09)]) == [.key(KeyEvent(.tab))])
        #expect(decode([.character(0x65E5)]) == [.key(KeyEvent(.character("日")))])
    }

    @Test func escapeAloneAndAltKeys() {
        #expect(decode([.character(0x1B)]) == [.key(KeyEvent(.escape))])
        #expect(decode(chars("\u{1b}x")) == [.key(KeyEvent(.character("x"), modifiers: .alt))])
        #expect(decode([.character(0x1B), .key(KeyEvent(.up))]) == [.key(KeyEvent(.up, modifiers: .alt))])
    }

    @Test func bracketedPasteIsOneEvent() {
        let events = decode(chars("\u{1b}[200~echo hi\nls\u{1b}[201~") + chars("q"))
        #expect(events == [.paste("echo hi\nls"), .key(KeyEvent(.character("q")))])
    }

    @Test func lateTerminalRepliesAreSwallowed() {
        let events = decode(chars("\u{1b}]11;rgb:0000/0000/0000\u{1b}\\") + chars("j"))
        #expect(events == [.key(KeyEvent(.character("j")))])
    }

    @Test func resizeAndMousePassThrough() {
        let click = MouseEvent(.press, button: .left, x: 3, y: 4)
        #expect(
            decode([.resize(Size(width: 90, height: 30)), .mouse(click)]) == [
                .resize(Size(width: 90, height: 30)), .mouse(click),
            ])
    }

    @Test func keyNames() {
        #expect(KeySpec.parse("ctrl-d") == KeyEvent(.character("d"), modifiers: .control))
        #expect(KeySpec.parse("C-\\") == KeyEvent(.character("\\"), modifiers: .control))
        #expect(KeySpec.parse("^]") == KeyEvent(.character("]"), modifiers: .control))
        #expect(KeySpec.parse("shift-tab") == KeyEvent(.tab, modifiers: .shift))
        #expect(KeySpec.parse("G") == KeyEvent(.character("G")))
        #expect(KeySpec.parse("f5") == KeyEvent(.function(5)))
        #expect(KeySpec.parse("pgdn") == KeyEvent(.pageDown))
        #expect(KeySpec.parse("alt-x") == KeyEvent(.character("x"), modifiers: .alt))
        #expect(KeySpec.parse("hyper-q") == nil)
        #expect(KeySpec.label(KeyEvent(.character("d"), modifiers: .control)) == "^d")
    }

    @Test func detachKeys() {
        #expect(DetachKey.parse("ctrl-]")?.label == "Ctrl-]")
        #expect(DetachKey.parse("C-q")?.label == "Ctrl-Q")
        #expect(DetachKey.parse("q") == nil)
        #expect(DetachKey.default.label == "Ctrl-\\")
    }

    @Test func remappingAndConflicts() {
        let (keymap, problems) = Keymap.default.applying([
            "quit": ["Q"], "nonsense": ["x"], "new": ["c"], "theme": ["hyper-t"],
        ])
        #expect(keymap.command(for: KeyEvent(.character("Q"))) == .quit)
        #expect(keymap.command(for: KeyEvent(.character("q"))) == nil)
        #expect(problems.contains { $0.contains("keys.nonsense: unknown command") })
        #expect(problems.contains { $0.contains("'c' is bound to both new and cancel") })
        #expect(problems.contains { $0.contains("cannot read the key 'hyper-t'") })
    }

    @Test func settingsFile() {
        let json = #"{"theme": "light", "mouse": false, "detachKey": "ctrl-]", "keys": {"quit": "Q"}, "colour": 1}"#
        let (config, problems) = TUIConfig.decode(Data(json.utf8), source: "tui.json")
        #expect(config.theme == "light")
        #expect(config.mouse == false)
        #expect(config.detachKey?.label == "Ctrl-]")
        #expect(config.keys == ["quit": ["Q"]])
        #expect(problems == ["tui.json: unknown setting 'colour' (known: theme, mouse, detachKey, keys, notify)"])
        let (_, bad) = TUIConfig.decode(Data(#"{"detachKey": "ctrl-b"}"#.utf8), source: "tui.json")
        #expect(bad.count == 1)
        let (notifying, fine) = TUIConfig.decode(Data(#"{"notify": "osc9"}"#.utf8), source: "tui.json")
        #expect(notifying.notify == .osc9 && fine.isEmpty)
        let (_, wrong) = TUIConfig.decode(Data(#"{"notify": "loud"}"#.utf8), source: "tui.json")
        #expect(wrong == [#"tui.json: notify must be "off", "bell" or "osc9""#])
    }

    @Test func textFieldEditing() {
        var field = TextField("hello world")
        field.handle(KeyEvent(.character("w"), modifiers: .control))
        #expect(field.text == "hello ")
        field.handle(KeyEvent(.home))
        field.insert(">")
        #expect(field.text == ">hello ")
        field.handle(KeyEvent(.character("k"), modifiers: .control))
        #expect(field.text == ">")
        var area = TextField("ab", isMultiline: true)
        area.handle(KeyEvent(.enter))
        area.insert("cd")
        area.handle(KeyEvent(.up))
        #expect(area.cursorLocation.line == 0)
        #expect(area.lines == ["ab", "cd"])
    }

    @Test func backgroundReplies() {
        #expect(BackgroundProbe.isDark(reply: Array("\u{1b}]11;rgb:0000/0000/0000\u{1b}\\".utf8)) == true)
        #expect(BackgroundProbe.isDark(reply: Array("\u{1b}]11;rgb:ffff/ffff/ffff\u{7}".utf8)) == false)
        #expect(BackgroundProbe.isDark(reply: Array("\u{1b}]11;rgb:fd/f6/e3\u{7}".utf8)) == false)
        #expect(BackgroundProbe.isDark(reply: []) == nil)
    }
}
