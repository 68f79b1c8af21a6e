import Foundation
import RClaudeTerminal

/// Parses and prints key names as config files and help screens write them: `q`, `G`, `?`,
/// `ctrl-x` (also `C-x`, `^x`), `alt-x`, `shift-tab`, `enter`, `esc`, `tab`, `space`, `backspace`,
/// `up`, `down`, `left`, `right`, `home`, `end`, `pgup`, `pgdn`, `delete`, `insert`, `f1`…`f12`.
public enum KeySpec {
    static let named: [String: Key] = [
        "enter": .enter, "return": .enter, "esc": .escape, "escape": .escape, "tab": .tab, "space": .character(" "),
        "backspace": .backspace, "bs": .backspace, "up": .up, "down": .down, "left": .left, "right": .right,
        "home": .home, "end": .end, "pgup": .pageUp, "pageup": .pageUp, "pgdn": .pageDown, "pagedown": .pageDown,
        "delete": .delete, "del": .delete, "insert": .insert, "ins": .insert,
    ]

    /// The key event a name describes, or nil.
    public static func parse(_ text: String) -> KeyEvent? {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        var modifiers: KeyModifiers = []
        while true {
            let lowered = rest.lowercased()
            if lowered.hasPrefix("ctrl-") || lowered.hasPrefix("ctrl+") {
                modifiers.insert(.control)
                rest = rest.dropFirst(5)
            } else if lowered.hasPrefix("c-") && rest.count > 2 {
                modifiers.insert(.control)
                rest = rest.dropFirst(2)
            } else if lowered.hasPrefix("^") && rest.count == 2 {
                modifiers.insert(.control)
                rest = rest.dropFirst(1)
            } else if lowered.hasPrefix("alt-") || lowered.hasPrefix("alt+") {
                modifiers.insert(.alt)
                rest = rest.dropFirst(4)
            } else if lowered.hasPrefix("m-") && rest.count > 2 {
                modifiers.insert(.alt)
                rest = rest.dropFirst(2)
            } else if lowered.hasPrefix("shift-") || lowered.hasPrefix("shift+") {
                modifiers.insert(.shift)
                rest = rest.dropFirst(6)
            } else {
                break
            }
        }
        guard !rest.isEmpty else { return nil }
        if rest.count == 1, let c = rest.first {
            let character = modifiers.contains(.control) ? Character(c.lowercased()) : c
            return KeyEvent(.character(character), modifiers: modifiers)
        }
        let lowered = rest.lowercased()
        if let key = named[lowered] { return KeyEvent(key, modifiers: modifiers) }
        if lowered.hasPrefix("f"), let n = Int(lowered.dropFirst()), (1...20).contains(n) {
            return KeyEvent(.function(n), modifiers: modifiers)
        }
        return nil
    }

    /// The name of a key event (`ctrl-d`, `G`, `shift-tab`, `pgup`).
    public static func name(_ event: KeyEvent) -> String {
        var prefix = ""
        if event.modifiers.contains(.control) { prefix += "ctrl-" }
        if event.modifiers.contains(.alt) { prefix += "alt-" }
        if event.modifiers.contains(.shift) { prefix += "shift-" }
        let base: String
        switch event.key {
        case .character(" "): base = "space"
        case .character(let c): base = String(c)
        case .enter: base = "enter"
        case .tab: base = "tab"
        case .backspace: base = "backspace"
        case .escape: base = "esc"
        case .up: base = "up"
        case .down: base = "down"
        case .left: base = "left"
        case .right: base = "right"
        case .home: base = "home"
        case .end: base = "end"
        case .pageUp: base = "pgup"
        case .pageDown: base = "pgdn"
        case .insert: base = "insert"
        case .delete: base = "delete"
        case .function(let n): base = "f\(n)"
        }
        return prefix + base
    }

    /// A short label for help and the bottom bar: `^d`, `S-tab`, `M-x`.
    public static func label(_ event: KeyEvent) -> String {
        if event.modifiers == [.control], case .character(let c) = event.key { return "^" + String(c) }
        return name(event).replacingOccurrences(of: "shift-", with: "S-").replacingOccurrences(of: "alt-", with: "M-")
    }
}
