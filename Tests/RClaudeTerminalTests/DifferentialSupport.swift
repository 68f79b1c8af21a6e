// Comparing the emulator with libvterm: the same bytes into both, then visible text, cursor and (where
// libvterm reports them) colours and attributes, cell by cell. Also a seeded generator of byte streams made
// of the sequences both implement.

import CVTerm

@testable import RClaudeTerminal

/// A small deterministic random number generator (xorshift64).
struct SeededGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }

    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }

    mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

enum Differential {
    /// Feeds `bytes` to both and lists the differences (empty when they agree).
    /// - Parameters:
    ///   - bytes: Terminal output.
    ///   - cols: Columns.
    ///   - rows: Rows.
    ///   - compareStyles: Whether to compare colours and attributes too.
    /// - Returns: Human-readable differences, at most `limit`.
    static func differences(
        _ bytes: [UInt8], cols: Int, rows: Int, compareStyles: Bool = true, limit: Int = 8
    ) -> [String] {
        var emulator = Emulator(cols: cols, rows: rows)
        emulator.feed(bytes)
        let oracle = VTermOracle(cols: cols, rows: rows)
        oracle.feed(bytes)
        var diffs: [String] = []
        let ours = emulator.lines
        let theirs = oracle.lines
        for y in 0..<rows where ours[y] != theirs[y] {
            diffs.append("row \(y): ours \(debug(ours[y])) libvterm \(debug(theirs[y]))")
            if diffs.count >= limit { return diffs }
        }
        let oc = oracle.cursor
        let c = emulator.cursor
        if c.x != oc.x || c.y != oc.y {
            diffs.append("cursor: ours (\(emulator.cursor.x),\(emulator.cursor.y)) libvterm (\(oc.x),\(oc.y))")
        }
        guard compareStyles, diffs.isEmpty else { return diffs }
        for y in 0..<rows {
            for x in 0..<cols {
                let a = emulator.grid[x, y]
                if a.isWideContinuation { continue }
                let b = oracle.cell(x: x, y: y)
                var mismatch: [String] = []
                if a.background != b.background { mismatch.append("bg \(a.background) vs \(b.background)") }
                if !a.isEmpty {
                    if a.foreground != b.foreground { mismatch.append("fg \(a.foreground) vs \(b.foreground)") }
                    if a.attributes.contains(.bold) != b.bold { mismatch.append("bold") }
                    if a.attributes.contains(.italic) != b.italic { mismatch.append("italic") }
                    if a.attributes.contains(.blink) != b.blink { mismatch.append("blink") }
                    // libvterm folds DECSCNM (reverse screen) into every cell it reports; we keep it a mode.
                    if a.attributes.contains(.inverse) != (b.reverse != emulator.modes.reverseVideo) {
                        mismatch.append("reverse")
                    }
                    if a.attributes.contains(.strikethrough) != b.strike { mismatch.append("strike") }
                    let underline = min(Int(a.underline.rawValue), 3)
                    if underline != b.underline && !(underline > 3 && b.underline == 1) {
                        mismatch.append("underline \(underline) vs \(b.underline)")
                    }
                    // libvterm can leave a stale width on a narrow character that overwrote a wide one.
                    let theirWidth =
                        CharacterWidth.width(of: b.text.unicodeScalars.first?.value ?? 0) == 1 ? 1 : b.width
                    if a.width != theirWidth { mismatch.append("width \(a.width) vs \(b.width)") }
                }
                if !mismatch.isEmpty {
                    diffs.append(
                        "cell (\(x),\(y)) \(debug(emulator.grid.text(of: a))): " + mismatch.joined(separator: ", "))
                    if diffs.count >= limit { return diffs }
                }
            }
        }
        return diffs
    }

    static func debug(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F {
                out += "\\x" + String(scalar.value, radix: 16)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A random stream of text and the control sequences both emulators implement the same way.
    static func stream(seed: UInt64, length: Int, cols: Int, rows: Int) -> [UInt8] {
        Array((prefix + tokens(seed: seed, length: length, cols: cols, rows: rows).joined()).utf8)
    }

    /// Every stream starts with DECSC: libvterm restores a zeroed pen on DECRC without a DECSC.
    static let prefix = "\u{1B}7"

    /// The pieces `stream` joins; tests minimise failing streams by dropping pieces.
    static func tokens(seed: UInt64, length: Int, cols: Int, rows: Int) -> [String] {
        var g = SeededGenerator(seed: seed)
        var out = ""
        var tokens: [String] = []
        var alternate = false
        var savedOnThisScreen = true
        var regionSet = false
        var designated = false
        let words = ["hello", "world", "a", "terminal", "x", "—", "ça", "日本語", "한글", "e\u{301}", "ｗｉｄｅ", "tab\tstop"]
        var total = 0
        while total < length {
            if !out.isEmpty {
                tokens.append(out)
                total += out.utf8.count
            }
            out = ""
            switch g.below(40) {
            case 0..<14:
                // After any charset designation libvterm wraps a combining mark that follows a character in
                // the last column onto the next line; keep combining marks to streams without one.
                let word = g.pick(words)
                out += designated && word.unicodeScalars.count > word.count ? "e" : word
                if g.below(3) == 0 { out += " " }
            case 14..<17: out += "\r\n"
            case 17:
                // libvterm keeps a pending wrap across a line feed that scrolls; BS clears it first.
                out += "\u{08}\n"
            case 18: out += "\r"
            case 19: out += "\u{08}"
            case 20: out += "\t"
            case 21: out += "\u{1B}[\(1 + g.below(rows + 2));\(1 + g.below(cols + 2))H"
            case 22:
                // libvterm ignores the scroll region for relative vertical moves; xterm stops at the margins.
                let finals =
                    regionSet ? ["C", "D", "G", "a", "`"] : ["A", "B", "C", "D", "E", "F", "G", "d", "a", "e", "`"]
                out += "\u{1B}[\(g.below(4))\(g.pick(finals))"
            case 23: out += "\u{1B}[\(g.pick(["", "0", "1", "2"]))\(g.pick(["J", "K"]))"
            case 24:
                // libvterm ignores ICH and DCH while a scroll region is set and the cursor is outside it.
                let final = g.pick(regionSet ? ["X", "L", "M", "S", "T"] : ["@", "P", "X", "L", "M", "S", "T"])
                out += "\u{1B}[\(g.below(4))\(final)"
            case 25:
                let sgr = g.pick([
                    "0", "1", "3", "4", "5", "7", "9", "22", "23", "24", "27", "29", "31", "42", "39", "49", "93",
                    "104", "38;5;\(g.below(256))", "48;5;\(g.below(256))",
                    "38;2;\(g.below(256));\(g.below(256));\(g.below(256))",
                    "48;2;\(g.below(256));\(g.below(256));\(g.below(256))", "1;31;44", "",
                ])
                out += "\u{1B}[\(sgr)m"
            case 26:
                let top = 1 + g.below(rows - 1)
                let bottom = top + 1 + g.below(rows - top)
                regionSet = g.below(4) != 0
                out += regionSet ? "\u{1B}[\(top);\(bottom)r" : "\u{1B}[r"
            case 27: out += g.pick(["\u{08}\u{1B}D", "\u{08}\u{1B}M", "\u{1B}E"])
            case 28:
                // libvterm has one saved cursor; xterm (and we) keep one per screen. Restore only what was
                // saved on the same screen.
                if g.below(2) == 0 && !alternate {
                    out += "\u{1B}7"
                    savedOnThisScreen = true
                } else if savedOnThisScreen {
                    // libvterm keeps a pending wrap across DECRC; CR clears it first.
                    out += "\r\u{1B}8"
                }
            case 29: out += "\u{1B}[?1K"
            case 30:
                out += alternate ? "\r\u{1B}[?1049l" : "\u{1B}[?1049h"
                alternate.toggle()
                savedOnThisScreen = !alternate
            case 31: out += g.pick(["\u{1B}H", "\u{1B}[g", "\u{1B}[3g", "\u{1B}[2I", "\u{1B}[Z"])
            case 32:
                out += g.pick(["\u{1B}(0lqqk\u{1B}(B", "\u{1B})0\u{0E}x\u{0F}"])
                designated = true
            case 33: out += String(repeating: "#", count: cols - 1 + g.below(3))
            default: out += g.pick(["ok", " ", "  ", "!"])
            }
        }
        tokens.append(out)
        return tokens
    }

    /// Whether dropping tokens kept the generator's rules: alternate-screen switches alternate, DECRC only
    /// after a DECSC on the same screen, no relative vertical moves while a scroll region is set.
    static func isValid(_ tokens: [String]) -> Bool {
        var alternate = false
        var saved = true
        var region = false
        for t in tokens {
            if t.contains("\u{1B}[?1049h") {
                if alternate { return false }
                alternate = true
                saved = false
            } else if t.contains("\u{1B}[?1049l") {
                if !alternate { return false }
                alternate = false
                saved = true
            }
            if t == "\u{1B}7" {
                if alternate { return false }
                saved = true
            }
            if t == "\r\u{1B}8" && !saved { return false }
            if t.hasSuffix("r") && t.hasPrefix("\u{1B}[") { region = t != "\u{1B}[r" }
            if region, t.hasPrefix("\u{1B}["), let last = t.last, "ABEFde@P".contains(last), t.count <= 4 {
                return false
            }
        }
        return true
    }

    /// Drops tokens while the streams still differ, returning a small failing input.
    static func minimize(_ tokens: [String], cols: Int, rows: Int) -> [String] {
        var current = tokens
        func fails(_ t: [String]) -> Bool {
            guard isValid(t) else { return false }
            return !differences(Array((prefix + t.joined()).utf8), cols: cols, rows: rows).isEmpty
        }
        guard fails(current) else { return [] }
        var changed = true
        while changed {
            changed = false
            var i = 0
            while i < current.count {
                var candidate = current
                candidate.remove(at: i)
                if fails(candidate) {
                    current = candidate
                    changed = true
                } else {
                    i += 1
                }
            }
        }
        return current
    }
}
