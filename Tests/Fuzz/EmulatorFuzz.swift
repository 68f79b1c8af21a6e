// libFuzzer entry over the emulator: parser + screen + resize + dumps. Build it together with the library
// sources as one module, from the repository root:
//
//   swiftc -parse-as-library -sanitize=fuzzer,address -O -module-name EmulatorFuzz \
//       Sources/RClaudeTerminal/*/*.swift Tests/Fuzz/EmulatorFuzz.swift -o .build/emulator-fuzz
//   mkdir -p .build/fuzz-corpus && .build/emulator-fuzz .build/fuzz-corpus \
//       Tests/RClaudeTerminalTests/Fixtures -max_total_time=600 -max_len=65536
//
// Input layout: byte 0 → columns (1…160), byte 1 → rows (1…60), byte 2 → chunk size (1…256), byte 3 →
// scrollback limit (low 7 bits) and whether to render the dumps too (high bit); the rest is terminal
// output, fed in chunks. A chunk starting with 0xFF 0xFE
// resizes instead, to the sizes in its next two bytes. Invariants are checked with `precondition`.

#if canImport(RClaudeTerminal)
    import RClaudeTerminal
#endif

@_cdecl("LLVMFuzzerTestOneInput")
public func emulatorFuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeBufferPointer(start: data, count: size)
    guard input.count >= 4 else { return 0 }
    let cols = 1 + Int(input[0]) % 160
    let rows = 1 + Int(input[1]) % 60
    let chunk = 1 + Int(input[2])
    var emulator = Emulator(cols: cols, rows: rows, scrollbackLimit: Int(input[3] & 0x7F))
    let renderDumps = input[3] & 0x80 != 0
    var offset = 4
    var replyBytes = 0
    while offset < input.count {
        let end = min(input.count, offset + chunk)
        if end - offset >= 4 && input[offset] == 0xFF && input[offset + 1] == 0xFE {
            emulator.resize(cols: Int(input[offset + 2]) % 200, rows: Int(input[offset + 3]) % 80)
        } else {
            let output = emulator.feed(UnsafeBufferPointer(rebasing: input[offset..<end]))
            replyBytes += output.replies.count
            precondition(output.replies.count <= 16 * 1024, "reply cap")
        }
        let cursor = emulator.cursor
        precondition(cursor.x >= 0 && cursor.x < emulator.cols, "cursor x in bounds")
        precondition(cursor.y >= 0 && cursor.y < emulator.rows, "cursor y in bounds")
        offset = end
    }
    // Read everything back.
    let grid = emulator.grid
    precondition(grid.width == emulator.cols && grid.height == emulator.rows, "grid size")
    for y in 0..<grid.height {
        for x in 0..<grid.width {
            let cell = grid[x, y]
            precondition(cell.width <= 2, "cell width")
            _ = grid.text(of: cell)
        }
    }
    if renderDumps {
        _ = ScreenDump.text(emulator)
        _ = ScreenDump.json(emulator)
        _ = emulator.scrollbackLines
        _ = emulator.viewport(scrolledBack: emulator.scrollbackCount / 2).lines
    }
    precondition(emulator.scrollbackCount <= emulator.scrollbackLimit, "scrollback limit")
    _ = KeyEncoder.encode(KeyEvent(.up), modes: emulator.modes)
    _ = KeyEncoder.encodeMouse(MouseEvent(.press, x: 3, y: 4), modes: emulator.modes)
    _ = replyBytes
    return 0
}
