/// Filters a sandboxed program's terminal output before it reaches the user's real terminal
/// during `rclaude attach`: everything passes except sequences that could act on the user's
/// terminal beyond drawing — OSC strings (clipboard writes, titles, colour queries), DCS/APC/PM/SOS
/// strings (DECRQSS and friends) and CSI `t` window operations (title reports). Stateful across
/// chunks, so splitting never lets a sequence through.
struct PassthroughFilter {
    private enum State { case ground, escape, csi, stringBody, stringEscape }
    private var state = State.ground
    private var csiBuffer: [UInt8] = []

    /// Filters one chunk.
    mutating func filter(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for b in bytes {
            switch state {
            case .ground:
                if b == 0x1B {
                    state = .escape
                } else if b == 0x9B || b == 0x9D || b == 0x90 || b == 0x9E || b == 0x9F || b == 0x98 {
                    // 8-bit C1 controls are not used by UTF-8 programs; drop them.
                    continue
                } else {
                    out.append(b)
                }
            case .escape:
                switch b {
                case 0x5B:  // [
                    state = .csi
                    csiBuffer = [0x1B, 0x5B]
                case 0x5D, 0x50, 0x5F, 0x5E, 0x58:  // ] P _ ^ X: string sequences
                    state = .stringBody
                default:
                    out += [0x1B, b]
                    state = .ground
                }
            case .csi:
                csiBuffer.append(b)
                if b >= 0x40 && b <= 0x7E {
                    if b != 0x74 { out += csiBuffer }  // drop CSI … t
                    csiBuffer.removeAll(keepingCapacity: true)
                    state = .ground
                } else if csiBuffer.count > 256 {
                    csiBuffer.removeAll(keepingCapacity: true)
                    state = .ground
                }
            case .stringBody:
                if b == 0x07 { state = .ground } else if b == 0x1B { state = .stringEscape }
            case .stringEscape:
                state = b == 0x5C ? .ground : .stringBody
            }
        }
        return out
    }
}
