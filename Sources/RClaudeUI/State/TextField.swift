import RClaudeTerminal

/// An editable line (or, with `isMultiline`, a small text area) with a cursor.
///
/// Editing keys: arrows, Home/End, Ctrl-a/Ctrl-e, Backspace, Delete, Ctrl-u (to start), Ctrl-k (to
/// end), Ctrl-w (word), and Enter for a new line in multi-line fields.
public struct TextField: Sendable, Equatable {
    /// The characters.
    public private(set) var characters: [Character]
    /// The cursor, an index into `characters` (0…count).
    public private(set) var cursor: Int
    /// Whether Enter inserts a newline.
    public var isMultiline: Bool

    /// Creates a field holding `text`, cursor at the end.
    public init(_ text: String = "", isMultiline: Bool = false) {
        characters = Array(text)
        cursor = characters.count
        self.isMultiline = isMultiline
    }

    /// The text.
    public var text: String { String(characters) }

    /// Whether the field is empty.
    public var isEmpty: Bool { characters.isEmpty }

    /// The lines of the text.
    public var lines: [String] { text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    /// The cursor as (line, column in characters).
    public var cursorLocation: (line: Int, column: Int) {
        var line = 0
        var column = 0
        for c in characters[0..<cursor] {
            if c == "\n" {
                line += 1
                column = 0
            } else {
                column += 1
            }
        }
        return (line, column)
    }

    /// Inserts text at the cursor (newlines only in multi-line fields).
    public mutating func insert(_ text: String) {
        for c in text {
            if c == "\n" || c == "\r" || c == "\r\n" {
                if isMultiline { insertCharacter("\n") } else { insertCharacter(" ") }
            } else if let scalar = c.unicodeScalars.first, scalar.value >= 0x20, scalar.value != 0x7F {
                insertCharacter(c)
            } else if c == "\t" {
                insertCharacter(" ")
            }
        }
    }

    private mutating func insertCharacter(_ c: Character) {
        characters.insert(c, at: cursor)
        cursor += 1
    }

    /// Applies an editing key.
    /// - Returns: Whether the key was an editing key (and was used).
    @discardableResult
    public mutating func handle(_ event: KeyEvent) -> Bool {
        let ctrl = event.modifiers.contains(.control)
        switch event.key {
        case .character(let c) where ctrl:
            switch c {
            case "a": moveToLineStart()
            case "e": moveToLineEnd()
            case "u":
                let start = lineStart(cursor)
                characters.removeSubrange(start..<cursor)
                cursor = start
            case "k":
                let end = lineEnd(cursor)
                characters.removeSubrange(cursor..<end)
            case "w": deleteWord()
            case "h":
                if cursor > 0 {
                    characters.remove(at: cursor - 1)
                    cursor -= 1
                }
            default: return false
            }
        case .character(let c):
            if event.modifiers.contains(.alt) { return false }
            insert(String(c))
        case .backspace:
            if event.modifiers.contains(.alt) || ctrl {
                deleteWord()
            } else if cursor > 0 {
                characters.remove(at: cursor - 1)
                cursor -= 1
            }
        case .delete:
            if cursor < characters.count { characters.remove(at: cursor) }
        case .left:
            if cursor > 0 { cursor -= 1 }
        case .right:
            if cursor < characters.count { cursor += 1 }
        case .home: moveToLineStart()
        case .end: moveToLineEnd()
        case .up where isMultiline: moveVertically(-1)
        case .down where isMultiline: moveVertically(1)
        case .enter where isMultiline: insertCharacter("\n")
        default: return false
        }
        return true
    }

    /// Replaces the whole text, cursor at the end.
    public mutating func setText(_ text: String) {
        characters = []
        cursor = 0
        insert(text)
    }

    private mutating func deleteWord() {
        var start = cursor
        while start > 0 && characters[start - 1] == " " { start -= 1 }
        while start > 0 && characters[start - 1] != " " && characters[start - 1] != "\n" { start -= 1 }
        characters.removeSubrange(start..<cursor)
        cursor = start
    }

    private func lineStart(_ index: Int) -> Int {
        var i = index
        while i > 0 && characters[i - 1] != "\n" { i -= 1 }
        return i
    }

    private func lineEnd(_ index: Int) -> Int {
        var i = index
        while i < characters.count && characters[i] != "\n" { i += 1 }
        return i
    }

    private mutating func moveToLineStart() { cursor = lineStart(cursor) }
    private mutating func moveToLineEnd() { cursor = lineEnd(cursor) }

    private mutating func moveVertically(_ delta: Int) {
        let column = cursor - lineStart(cursor)
        if delta < 0 {
            let start = lineStart(cursor)
            guard start > 0 else { return }
            let previousStart = lineStart(start - 1)
            cursor = min(previousStart + column, start - 1)
        } else {
            let end = lineEnd(cursor)
            guard end < characters.count else { return }
            let nextStart = end + 1
            cursor = min(nextStart + column, lineEnd(nextStart))
        }
    }
}
