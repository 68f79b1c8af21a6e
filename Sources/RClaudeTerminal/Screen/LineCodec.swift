// The compact byte encoding of scrollback lines.
//
// A line is a byte string read left to right. Characters are their UTF-8 bytes (one cell each); bytes
// 0xF8–0xFF never occur in UTF-8 and serve as opcodes:
//
//   0x00              an empty cell
//   0xF8 + 12 bytes   switch style: fg, bg (UInt32 LE), flags, link (UInt16 LE)
//   0xF9              switch to the default style
//   0xFA              the next character is wide: it covers this cell and an implied continuation cell
//   0xFB len bytes    a multi-scalar cluster of `len` UTF-8 bytes, one cell (after 0xFA: two)
//   0xFC              a lone continuation cell (the right half of a wide character that lost its left half)
//
// Lines start in the default style. Trailing empty default-style cells are not stored; decoding pads to the
// requested width. A plain ASCII line of 200 columns costs 200 bytes plus the array header.

/// Cells of one line decoded from scrollback, with the line's own cluster table.
struct LineCells: Sendable, Equatable {
    /// The cells; cluster cells index `clusters`.
    var cells: [Cell]
    /// Multi-scalar characters referred to by cluster cells.
    var clusters: [String]
}

enum LineCodec {
    static let opStyle: UInt8 = 0xF8
    static let opDefaultStyle: UInt8 = 0xF9
    static let opWide: UInt8 = 0xFA
    static let opCluster: UInt8 = 0xFB
    static let opContinuation: UInt8 = 0xFC

    /// Number of cells worth storing: the row without trailing empty default-style cells.
    @inline(__always)
    static func usedLength(_ cells: UnsafeBufferPointer<Cell>) -> Int {
        var end = cells.count
        while end > 0 {
            let c = cells[end &- 1]
            if c.content != Cell.width1 || !c.style.isDefault { break }
            end &-= 1
        }
        return end
    }

    /// Encodes a row.
    /// - Parameters:
    ///   - cells: The row's cells.
    ///   - clusters: The cluster table the cells refer to.
    ///   - scratch: A reusable buffer.
    /// - Returns: The encoded line.
    static func encode(_ cells: UnsafeBufferPointer<Cell>, clusters: [String], scratch: inout [UInt8]) -> [UInt8] {
        let used = usedLength(cells)
        if used == 0 { return [] }
        var bound = used &* 18 &+ 16
        for i in 0..<used where cells[i].isCluster { bound &+= 140 }
        if scratch.count < bound { scratch = [UInt8](repeating: 0, count: bound) }
        let length: Int = scratch.withUnsafeMutableBufferPointer { out in
            guard let p = out.baseAddress else { return 0 }
            var o = 0
            var style = CellStyle.default
            var i = 0
            while i < used {
                let cell = cells[i]
                if cell.style != style {
                    style = cell.style
                    if style.isDefault {
                        p[o] = opDefaultStyle
                        o &+= 1
                    } else {
                        p[o] = opStyle
                        writeUInt32(p + o + 1, style.fg)
                        writeUInt32(p + o + 5, style.bg)
                        writeUInt16(p + o + 9, style.flags)
                        writeUInt16(p + o + 11, style.link)
                        o &+= 13
                    }
                }
                let content = cell.content
                let width = (content >> Cell.widthShift) & 3
                if width == 0 {
                    p[o] = opContinuation
                    o &+= 1
                    i &+= 1
                    continue
                }
                if width == 2 {
                    p[o] = opWide
                    o &+= 1
                    // Skip the continuation that belongs to this character.
                    if i &+ 1 < used && cells[i &+ 1].isWideContinuation { i &+= 1 }
                }
                if content & Cell.clusterFlag != 0 {
                    let index = Int(content & Cell.valueMask)
                    let text = index < clusters.count ? clusters[index] : " "
                    var utf8 = Array(text.utf8.prefix(Grid.maxClusterBytes))
                    if utf8.isEmpty { utf8 = [0x20] }
                    p[o] = opCluster
                    p[o &+ 1] = UInt8(utf8.count)
                    o &+= 2
                    for b in utf8 {
                        p[o] = b
                        o &+= 1
                    }
                } else {
                    o &+= writeUTF8(p + o, content & Cell.valueMask)
                }
                i &+= 1
            }
            return o
        }
        return Array(scratch[0..<length])
    }

    @inline(__always)
    static func writeUInt32(_ p: UnsafeMutablePointer<UInt8>, _ v: UInt32) {
        p[0] = UInt8(truncatingIfNeeded: v)
        p[1] = UInt8(truncatingIfNeeded: v >> 8)
        p[2] = UInt8(truncatingIfNeeded: v >> 16)
        p[3] = UInt8(truncatingIfNeeded: v >> 24)
    }

    @inline(__always)
    static func writeUInt16(_ p: UnsafeMutablePointer<UInt8>, _ v: UInt16) {
        p[0] = UInt8(truncatingIfNeeded: v)
        p[1] = UInt8(truncatingIfNeeded: v >> 8)
    }

    /// Writes a scalar value as UTF-8 (0 as the empty-cell byte) and returns the byte count.
    @inline(__always)
    static func writeUTF8(_ p: UnsafeMutablePointer<UInt8>, _ v: UInt32) -> Int {
        if v < 0x80 {
            p[0] = UInt8(v)
            return 1
        }
        if v < 0x800 {
            p[0] = UInt8(0xC0 | v >> 6)
            p[1] = UInt8(0x80 | v & 0x3F)
            return 2
        }
        if v < 0x10000 {
            p[0] = UInt8(0xE0 | v >> 12)
            p[1] = UInt8(0x80 | (v >> 6) & 0x3F)
            p[2] = UInt8(0x80 | v & 0x3F)
            return 3
        }
        p[0] = UInt8(0xF0 | (v >> 18) & 0x07)
        p[1] = UInt8(0x80 | (v >> 12) & 0x3F)
        p[2] = UInt8(0x80 | (v >> 6) & 0x3F)
        p[3] = UInt8(0x80 | v & 0x3F)
        return 4
    }

    /// Decodes a line into cells (without trailing padding).
    /// - Parameter bytes: An encoded line.
    /// - Returns: Its cells and clusters.
    static func decode(_ bytes: [UInt8]) -> LineCells {
        var cells: [Cell] = []
        var clusters: [String] = []
        cells.reserveCapacity(bytes.count)
        var style = CellStyle.default
        var wide = false
        var i = 0
        let n = bytes.count
        func u32(_ at: Int) -> UInt32 {
            UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
        }
        func u16(_ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
        func emit(_ value: UInt32) {
            if wide {
                cells.append(Cell(content: value | Cell.width2, style: style))
                cells.append(Cell(content: 0, style: style))
                wide = false
            } else {
                cells.append(Cell(content: value | Cell.width1, style: style))
            }
        }
        while i < n {
            let b = bytes[i]
            switch b {
            case 0x00:
                cells.append(Cell(content: Cell.width1, style: style))
                i += 1
            case opStyle:
                guard i + 13 <= n else { return LineCells(cells: cells, clusters: clusters) }
                style = CellStyle(fg: u32(i + 1), bg: u32(i + 5), flags: u16(i + 9), link: u16(i + 11))
                i += 13
            case opDefaultStyle:
                style = .default
                i += 1
            case opWide:
                wide = true
                i += 1
            case opContinuation:
                cells.append(Cell(content: 0, style: style))
                i += 1
            case opCluster:
                guard i + 1 < n else { return LineCells(cells: cells, clusters: clusters) }
                let length = Int(bytes[i + 1])
                let end = min(n, i + 2 + length)
                let text = String(decoding: bytes[(i + 2)..<end], as: UTF8.self)
                clusters.append(text)
                emit(Cell.clusterFlag | UInt32(clusters.count - 1))
                i = end
            default:
                var value: UInt32
                var need: Int
                if b < 0x80 {
                    value = UInt32(b)
                    need = 0
                } else if b < 0xE0 {
                    value = UInt32(b & 0x1F)
                    need = 1
                } else if b < 0xF0 {
                    value = UInt32(b & 0x0F)
                    need = 2
                } else {
                    value = UInt32(b & 0x07)
                    need = 3
                }
                i += 1
                while need > 0 && i < n {
                    value = value << 6 | UInt32(bytes[i] & 0x3F)
                    i += 1
                    need -= 1
                }
                emit(value)
            }
        }
        return LineCells(cells: cells, clusters: clusters)
    }

    /// The text of an encoded line, trailing spaces trimmed.
    static func text(_ bytes: [UInt8]) -> String {
        let line = decode(bytes)
        var out = String.UnicodeScalarView()
        for cell in line.cells {
            if cell.isWideContinuation { continue }
            if cell.isCluster {
                let index = Int(cell.value)
                out.append(contentsOf: (index < line.clusters.count ? line.clusters[index] : " ").unicodeScalars)
            } else if cell.value == 0 {
                out.append(" ")
            } else {
                out.append(Unicode.Scalar(cell.value) ?? "\u{FFFD}")
            }
        }
        var s = String(out)
        while s.last == " " { s.removeLast() }
        return s
    }
}
