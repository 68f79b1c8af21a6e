// SGR (CSI … m): the pen's attributes and colours, in both the semicolon (38;5;n, 38;2;r;g;b) and the
// colon (38:5:n, 38:2::r:g:b, 4:3) forms. Underline colour (58/59) is parsed and ignored.

extension Screen {
    /// SGR: sets the pen.
    mutating func csiSelectGraphicRendition(_ p: VTParams) {
        if p.count == 0 {
            pen = CellStyle(fg: 0, bg: 0, flags: 0, link: pen.link)
            return
        }
        var i = 0
        while i < p.count {
            let code = p.valueOrZero(i, default: 0)
            var next = i + 1
            // Subparameters that belong to this code.
            var subEnd = next
            while subEnd < p.count && p.isSubparameter(subEnd) { subEnd += 1 }
            switch code {
            case 0: pen = CellStyle(fg: 0, bg: 0, flags: 0, link: pen.link)
            case 1: pen.flags |= CellAttributes.bold.rawValue
            case 2: pen.flags |= CellAttributes.dim.rawValue
            case 3: pen.flags |= CellAttributes.italic.rawValue
            case 4:
                if subEnd > next {
                    let style = p.valueOrZero(next, default: 1)
                    pen.underline = UnderlineStyle(rawValue: UInt8(clamping: style)) ?? .single
                } else {
                    pen.underline = .single
                }
            case 5, 6: pen.flags |= CellAttributes.blink.rawValue
            case 7: pen.flags |= CellAttributes.inverse.rawValue
            case 8: pen.flags |= CellAttributes.hidden.rawValue
            case 9: pen.flags |= CellAttributes.strikethrough.rawValue
            case 21: pen.underline = .double
            case 22: pen.flags &= ~(CellAttributes.bold.rawValue | CellAttributes.dim.rawValue)
            case 23: pen.flags &= ~CellAttributes.italic.rawValue
            case 24: pen.underline = .none
            case 25: pen.flags &= ~CellAttributes.blink.rawValue
            case 27: pen.flags &= ~CellAttributes.inverse.rawValue
            case 28: pen.flags &= ~CellAttributes.hidden.rawValue
            case 29: pen.flags &= ~CellAttributes.strikethrough.rawValue
            case 30...37: pen.fg = 0x0100_0000 | UInt32(code - 30)
            case 39: pen.fg = 0
            case 40...47: pen.bg = 0x0100_0000 | UInt32(code - 40)
            case 49: pen.bg = 0
            case 53: pen.flags |= CellAttributes.overline.rawValue
            case 55: pen.flags &= ~CellAttributes.overline.rawValue
            case 90...97: pen.fg = 0x0100_0000 | UInt32(code - 90 + 8)
            case 100...107: pen.bg = 0x0100_0000 | UInt32(code - 100 + 8)
            case 38, 48, 58:
                var color: UInt32?
                if subEnd > next {
                    color = extendedColor(p, from: next, to: subEnd, colon: true)
                } else {
                    let (parsed, used) = semicolonColor(p, from: next)
                    color = parsed
                    subEnd = next + used
                }
                if let color {
                    if code == 38 {
                        pen.fg = color
                    } else if code == 48 {
                        pen.bg = color
                    }
                }
            default:
                break
            }
            next = max(next, subEnd)
            i = next
        }
    }

    /// Colour from colon subparameters `5:n`, `2:r:g:b` or `2:colorspace:r:g:b` in `from..<to`.
    private func extendedColor(_ p: VTParams, from: Int, to: Int, colon: Bool) -> UInt32? {
        let kind = p.valueOrZero(from, default: -1)
        let count = to - from
        switch kind {
        case 5:
            guard count >= 2 else { return nil }
            return 0x0100_0000 | UInt32(min(255, p.valueOrZero(from + 1, default: 0)))
        case 2:
            guard count >= 4 else { return nil }
            let start = count >= 5 ? from + 2 : from + 1
            return rgb(p, start)
        default:
            return nil
        }
    }

    /// Colour from semicolon parameters `5;n` or `2;r;g;b` at `from`; returns the colour and how many
    /// parameters it used.
    private func semicolonColor(_ p: VTParams, from: Int) -> (UInt32?, Int) {
        let kind = p.valueOrZero(from, default: -1)
        switch kind {
        case 5:
            guard from + 1 < p.count else { return (nil, p.count - from) }
            return (0x0100_0000 | UInt32(min(255, p.valueOrZero(from + 1, default: 0))), 2)
        case 2:
            guard from + 3 < p.count else { return (nil, p.count - from) }
            return (rgb(p, from + 1), 4)
        default:
            return (nil, 1)
        }
    }

    private func rgb(_ p: VTParams, _ start: Int) -> UInt32 {
        let r = UInt32(min(255, p.valueOrZero(start, default: 0)))
        let g = UInt32(min(255, p.valueOrZero(start + 1, default: 0)))
        let b = UInt32(min(255, p.valueOrZero(start + 2, default: 0)))
        return 0x0200_0000 | r << 16 | g << 8 | b
    }
}
