// Feed bytes, read lines: the shared harness for emulator tests. `render` feeds the input whole and also
// cut at every byte boundary (and one byte at a time) and checks that every chunking ends in the same
// state, so each test also proves the parser is chunking-independent.

import Testing

@testable import RClaudeTerminal

/// Everything observable about an emulator after feeding, for comparing chunkings.
struct EmulatorSnapshot: Equatable {
    var grid: Grid
    var cursor: Cursor
    var modes: TerminalModes
    var title: String
    var alternate: Bool
    var scrollback: [String]
    var replies: [UInt8]
    var bells: Int
    var titleChanges: [String]

    init(_ emulator: Emulator, outputs: [EmulatorOutput]) {
        grid = emulator.grid
        cursor = emulator.cursor
        modes = emulator.modes
        title = emulator.title
        alternate = emulator.isAlternateScreen
        scrollback = emulator.scrollbackLines
        replies = outputs.flatMap(\.replies)
        bells = outputs.reduce(0) { $0 + $1.bellCount }
        titleChanges = outputs.compactMap(\.title)
        // Only the last title of one feed is reported; compare the final one.
        titleChanges = titleChanges.last.map { [$0] } ?? []
    }
}

/// The result of rendering: the emulator plus the concatenated outputs.
struct Rendered {
    var emulator: Emulator
    var replies: [UInt8]
    var bells: Int
    var lines: [String] { emulator.lines }
    var cursor: Cursor { emulator.cursor }
    var replyText: String { String(decoding: replies, as: UTF8.self) }
    subscript(x: Int, y: Int) -> Cell { emulator.grid[x, y] }
}

/// Feeds `input` to a fresh emulator whole, then at every split point and byte by byte, expecting the
/// same final state every time.
/// - Parameters:
///   - input: Terminal output.
///   - cols: Columns.
///   - rows: Rows.
///   - scrollback: Scrollback limit.
///   - checkChunking: Whether to check the chunkings (off for large inputs).
/// - Returns: The emulator fed the whole input.
@discardableResult
func render(
    _ input: [UInt8], cols: Int = 20, rows: Int = 5, scrollback: Int = 100, checkChunking: Bool = true,
    sourceLocation: SourceLocation = #_sourceLocation
) -> Rendered {
    var whole = Emulator(cols: cols, rows: rows, scrollbackLimit: scrollback)
    let output = whole.feed(input)
    let expected = EmulatorSnapshot(whole, outputs: [output])
    if checkChunking && input.count > 1 {
        var failures = 0
        for split in 1..<input.count {
            var e = Emulator(cols: cols, rows: rows, scrollbackLimit: scrollback)
            let a = e.feed(input[0..<split])
            let b = e.feed(input[split...])
            let snapshot = EmulatorSnapshot(e, outputs: [a, b])
            if snapshot != expected && failures < 3 {
                failures += 1
                Issue.record("split at \(split) differs: \(e.lines) vs \(whole.lines)", sourceLocation: sourceLocation)
            }
        }
        var e = Emulator(cols: cols, rows: rows, scrollbackLimit: scrollback)
        var outputs: [EmulatorOutput] = []
        for byte in input { outputs.append(e.feed([byte])) }
        let snapshot = EmulatorSnapshot(e, outputs: outputs)
        #expect(snapshot == expected, "byte-by-byte differs", sourceLocation: sourceLocation)
    }
    return Rendered(emulator: whole, replies: output.replies, bells: output.bellCount)
}

@discardableResult
func render(
    _ input: String, cols: Int = 20, rows: Int = 5, scrollback: Int = 100, checkChunking: Bool = true,
    sourceLocation: SourceLocation = #_sourceLocation
) -> Rendered {
    render(
        Array(input.utf8), cols: cols, rows: rows, scrollback: scrollback, checkChunking: checkChunking,
        sourceLocation: sourceLocation)
}

/// Parses bytes whole and at every split point, expecting the same actions (adjacent prints merged
/// identically because `VTActionCollector` records single prints).
func parse(_ input: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> [VTAction] {
    var parser = VTParser()
    let expected = parser.parse(input)
    for split in 1..<max(1, input.count) {
        var p = VTParser()
        let actions = p.parse(input[0..<split]) + p.parse(input[split...])
        #expect(actions == expected, "split at \(split)", sourceLocation: sourceLocation)
    }
    return expected
}

func parse(_ input: String, sourceLocation: SourceLocation = #_sourceLocation) -> [VTAction] {
    parse(Array(input.utf8), sourceLocation: sourceLocation)
}

let esc = "\u{1B}"
let csi = "\u{1B}["
