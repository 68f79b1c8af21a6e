// The DEC ANSI parser state machine of Paul Williams (https://vt100.net/emu/dec_ansi_parser), driven by a
// 14 × 256 transition table, with the modern deviations tmux also makes:
//
// - Input is UTF-8. In the ground state bytes ≥ 0x80 are decoded as UTF-8 (invalid sequences become one
//   U+FFFD per maximal invalid subpart, as Unicode recommends); 8-bit C1 controls are not recognised.
// - OSC strings end with BEL as well as ST, and so do SOS/PM/APC strings. CAN and SUB abort a string
//   without dispatching it.
// - Colons inside CSI parameters separate subparameters (SGR 38:2::r:g:b).
// - Strings are capped at `maxStringLength` bytes; the rest is read and dropped.
//
// All state (including a partial UTF-8 sequence) lives in the struct, so feeding input in any chunks gives
// the same actions. Runs of printable ASCII are handed over as one buffer, which keeps the hot path cheap.

/// A byte-level parser for VT/xterm output, producing actions on a `VTParserHandler`.
public struct VTParser: Sendable {
    /// The longest OSC or DCS string kept (1 MiB, like tmux's input buffer); the rest is discarded.
    public static let maxStringLength = 1 << 20

    /// The states of the Williams state machine.
    public enum State: UInt8, Sendable {
        case ground = 0, escape, escapeIntermediate, csiEntry, csiParam, csiIntermediate, csiIgnore,
            dcsEntry, dcsParam, dcsIntermediate, dcsPassthrough, dcsIgnore, oscString, sosPmApcString
    }

    /// The current state.
    public var state: State { State(rawValue: rawState) ?? .ground }

    /// Whether the parser is inside an OSC, DCS, SOS, PM or APC string. Callers may time such strings out
    /// (tmux does after 5 s) with `cancelSequence()`.
    public var isInString: Bool {
        switch state {
        case .oscString, .sosPmApcString, .dcsPassthrough, .dcsIgnore, .dcsEntry, .dcsParam, .dcsIntermediate:
            return true
        default:
            return false
        }
    }

    var rawState: UInt8 = 0
    var params = VTParams()
    var paramValue: Int32 = -1
    var nextIsSubparameter = false
    var sawParam = false
    var intermediates = VTIntermediates()
    var stringData: [UInt8] = []
    var stringLength = 0
    var stringOverflowed = false
    var utf8Need: UInt8 = 0
    var utf8Value: UInt32 = 0
    var utf8Low: UInt8 = 0x80
    var utf8High: UInt8 = 0xBF

    /// A parser in the ground state.
    public init() {}

    /// Returns to the ground state, dropping any partial sequence or string.
    public mutating func cancelSequence() {
        rawState = 0
        utf8Need = 0
        stringData.removeAll(keepingCapacity: false)
        stringLength = 0
        stringOverflowed = false
    }

    /// Parses bytes and returns the actions as values (printable ASCII runs become single prints).
    /// - Parameter bytes: Terminal output.
    /// - Returns: The actions, in order.
    public mutating func parse(_ bytes: some Sequence<UInt8>) -> [VTAction] {
        var collector = VTActionCollector()
        let array = Array(bytes)
        array.withUnsafeBufferPointer { feed($0, into: &collector) }
        return collector.actions
    }

    // MARK: - Table

    enum Action: UInt8 {
        case none = 0, execute, collect, param, escDispatch, csiDispatch, put, oscPut, marker
    }

    static let keep: UInt8 = 0xF

    /// `table[state << 8 | byte]`: action in the high nibble, next state in the low nibble (0xF: stay).
    static let table: [UInt8] = {
        var t = [UInt8](repeating: keep, count: 14 * 256)
        func set(_ s: State, _ range: ClosedRange<Int>, _ a: Action, _ next: State?) {
            for b in range { t[Int(s.rawValue) << 8 | b] = a.rawValue << 4 | (next?.rawValue ?? keep) }
        }
        func c0(_ s: State, _ a: Action) {
            set(s, 0x00...0x17, a, nil)
            set(s, 0x19...0x19, a, nil)
            set(s, 0x1C...0x1F, a, nil)
        }
        let all: [State] = [
            .ground, .escape, .escapeIntermediate, .csiEntry, .csiParam, .csiIntermediate, .csiIgnore, .dcsEntry,
            .dcsParam, .dcsIntermediate, .dcsPassthrough, .dcsIgnore, .oscString, .sosPmApcString,
        ]
        for s in all { set(s, 0x00...0xFF, .none, nil) }

        c0(.ground, .execute)
        set(.ground, 0x20...0x7F, .none, nil)

        c0(.escape, .execute)
        set(.escape, 0x20...0x2F, .collect, .escapeIntermediate)
        set(.escape, 0x30...0x7E, .escDispatch, .ground)
        set(.escape, 0x5B...0x5B, .none, .csiEntry)
        set(.escape, 0x5D...0x5D, .none, .oscString)
        set(.escape, 0x50...0x50, .none, .dcsEntry)
        set(.escape, 0x58...0x58, .none, .sosPmApcString)
        set(.escape, 0x5E...0x5F, .none, .sosPmApcString)

        c0(.escapeIntermediate, .execute)
        set(.escapeIntermediate, 0x20...0x2F, .collect, nil)
        set(.escapeIntermediate, 0x30...0x7E, .escDispatch, .ground)

        c0(.csiEntry, .execute)
        set(.csiEntry, 0x20...0x2F, .collect, .csiIntermediate)
        set(.csiEntry, 0x30...0x3B, .param, .csiParam)
        set(.csiEntry, 0x3C...0x3F, .marker, .csiParam)
        set(.csiEntry, 0x40...0x7E, .csiDispatch, .ground)

        c0(.csiParam, .execute)
        set(.csiParam, 0x30...0x3B, .param, nil)
        set(.csiParam, 0x3C...0x3F, .none, .csiIgnore)
        set(.csiParam, 0x20...0x2F, .collect, .csiIntermediate)
        set(.csiParam, 0x40...0x7E, .csiDispatch, .ground)

        c0(.csiIntermediate, .execute)
        set(.csiIntermediate, 0x20...0x2F, .collect, nil)
        set(.csiIntermediate, 0x30...0x3F, .none, .csiIgnore)
        set(.csiIntermediate, 0x40...0x7E, .csiDispatch, .ground)

        c0(.csiIgnore, .execute)
        set(.csiIgnore, 0x40...0x7E, .none, .ground)

        set(.dcsEntry, 0x20...0x2F, .collect, .dcsIntermediate)
        set(.dcsEntry, 0x30...0x3B, .param, .dcsParam)
        set(.dcsEntry, 0x3C...0x3F, .marker, .dcsParam)
        set(.dcsEntry, 0x40...0x7E, .none, .dcsPassthrough)

        set(.dcsParam, 0x30...0x3B, .param, nil)
        set(.dcsParam, 0x3C...0x3F, .none, .dcsIgnore)
        set(.dcsParam, 0x20...0x2F, .collect, .dcsIntermediate)
        set(.dcsParam, 0x40...0x7E, .none, .dcsPassthrough)

        set(.dcsIntermediate, 0x20...0x2F, .collect, nil)
        set(.dcsIntermediate, 0x30...0x3F, .none, .dcsIgnore)
        set(.dcsIntermediate, 0x40...0x7E, .none, .dcsPassthrough)

        c0(.dcsPassthrough, .put)
        set(.dcsPassthrough, 0x20...0x7E, .put, nil)
        set(.dcsPassthrough, 0x80...0xFF, .put, nil)

        set(.oscString, 0x20...0xFF, .oscPut, nil)
        set(.oscString, 0x07...0x07, .none, .ground)

        set(.sosPmApcString, 0x07...0x07, .none, .ground)

        // Anywhere.
        for s in all {
            set(s, 0x18...0x18, .execute, .ground)
            set(s, 0x1A...0x1A, .execute, .ground)
            set(s, 0x1B...0x1B, .none, .escape)
        }
        return t
    }()

    // MARK: - Feeding

    /// Parses `input`, calling `handler` for each action.
    /// - Parameters:
    ///   - input: The next bytes of terminal output, in any chunking.
    ///   - handler: Receives the actions.
    public mutating func feed<H: VTParserHandler>(_ input: UnsafeBufferPointer<UInt8>, into handler: inout H) {
        guard let base = input.baseAddress else { return }
        let n = input.count
        VTParser.table.withUnsafeBufferPointer { table in
            var i = 0
            while i < n {
                let s = rawState
                if s == 0 {
                    if utf8Need != 0 {
                        let b = base[i]
                        if b >= utf8Low && b <= utf8High {
                            utf8Value = utf8Value << 6 | UInt32(b & 0x3F)
                            utf8Need &-= 1
                            utf8Low = 0x80
                            utf8High = 0xBF
                            if utf8Need == 0 { handler.print(utf8Value) }
                            i &+= 1
                        } else {
                            // Invalid continuation: replace what we had, then look at this byte afresh.
                            utf8Need = 0
                            handler.print(0xFFFD)
                        }
                        continue
                    }
                    let b = base[i]
                    if b >= 0x20 && b < 0x7F {
                        var j = i &+ 1
                        while j < n {
                            let c = base[j]
                            if c < 0x20 || c >= 0x7F { break }
                            j &+= 1
                        }
                        handler.printASCII(UnsafeBufferPointer(start: base + i, count: j &- i))
                        i = j
                        continue
                    }
                    if b >= 0x80 {
                        startUTF8(b, &handler)
                        i &+= 1
                        continue
                    }
                    if b == 0x1B {
                        enter(.escape, from: s, cancelled: false, &handler)
                        i &+= 1
                        continue
                    }
                    if b != 0x7F { handler.execute(b) }
                    i &+= 1
                    continue
                }
                if s == State.csiParam.rawValue || s == State.csiEntry.rawValue {
                    // Fast path for parameter bytes, the bulk of SGR and cursor sequences.
                    var j = i
                    while j < n {
                        let c = base[j]
                        if c &- 0x30 <= 9 {
                            sawParam = true
                            let digit = Int32(c &- 0x30)
                            if paramValue < 0 {
                                paramValue = digit
                            } else if paramValue < Int32(VTParams.maxValue) {
                                paramValue = min(paramValue &* 10 &+ digit, Int32(VTParams.maxValue))
                            }
                        } else if c == 0x3B || c == 0x3A {
                            sawParam = true
                            params.append(paramValue, isSubparameter: nextIsSubparameter)
                            nextIsSubparameter = c == 0x3A
                            paramValue = -1
                        } else {
                            break
                        }
                        j &+= 1
                    }
                    if j > i {
                        rawState = State.csiParam.rawValue
                        i = j
                        if i == n { break }
                        continue
                    }
                } else if s == State.oscString.rawValue {
                    var j = i
                    while j < n && base[j] >= 0x20 { j &+= 1 }
                    if j > i {
                        appendString(UnsafeBufferPointer(start: base + i, count: j &- i))
                        i = j
                        if i == n { break }
                    }
                } else if s == State.sosPmApcString.rawValue || s == State.dcsIgnore.rawValue {
                    var j = i
                    while j < n {
                        let c = base[j]
                        if c == 0x1B || c == 0x18 || c == 0x1A || (c == 0x07 && s == State.sosPmApcString.rawValue) {
                            break
                        }
                        j &+= 1
                    }
                    i = j
                    if i == n { break }
                } else if s == State.dcsPassthrough.rawValue {
                    var j = i
                    while j < n {
                        let c = base[j]
                        if c == 0x1B || c == 0x18 || c == 0x1A { break }
                        j &+= 1
                    }
                    if j > i {
                        let room = VTParser.maxStringLength - stringLength
                        let take = min(room, j &- i)
                        if take > 0 {
                            handler.dcsPut(UnsafeBufferPointer(start: base + i, count: take))
                            stringLength += take
                        }
                        i = j
                        if i == n { break }
                    }
                }
                let b = base[i]
                let entry = table[Int(s) << 8 | Int(b)]
                switch entry >> 4 {
                case Action.execute.rawValue:
                    handler.execute(b)
                case Action.collect.rawValue:
                    intermediates.collect(b)
                case Action.param.rawValue:
                    addParamByte(b)
                case Action.marker.rawValue:
                    intermediates.privateMarker = b
                case Action.escDispatch.rawValue:
                    if !intermediates.overflowed { handler.escDispatch(intermediates, final: b) }
                case Action.csiDispatch.rawValue:
                    finishParams()
                    if !intermediates.overflowed { handler.csiDispatch(params, intermediates, final: b) }
                case Action.oscPut.rawValue:
                    var byte = b
                    withUnsafePointer(to: &byte) { appendString(UnsafeBufferPointer(start: $0, count: 1)) }
                default:
                    break
                }
                let next = entry & 0xF
                if next != VTParser.keep, let nextState = State(rawValue: next) {
                    enter(nextState, from: s, cancelled: b == 0x18 || b == 0x1A, &handler, final: b)
                }
                i &+= 1
            }
        }
    }

    /// Feeds a byte sequence (see `feed(_:into:)`).
    /// - Parameters:
    ///   - bytes: The next bytes of terminal output.
    ///   - handler: Receives the actions.
    public mutating func feed<H: VTParserHandler>(_ bytes: some Sequence<UInt8>, into handler: inout H) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { feed($0, into: &handler) }
        if done == nil {
            let array = Array(bytes)
            array.withUnsafeBufferPointer { feed($0, into: &handler) }
        }
    }

    // MARK: - Helpers

    @inline(__always)
    private mutating func startUTF8<H: VTParserHandler>(_ b: UInt8, _ handler: inout H) {
        switch b {
        case 0xC2...0xDF:
            utf8Need = 1
            utf8Value = UInt32(b & 0x1F)
            utf8Low = 0x80
            utf8High = 0xBF
        case 0xE0...0xEF:
            utf8Need = 2
            utf8Value = UInt32(b & 0x0F)
            utf8Low = b == 0xE0 ? 0xA0 : 0x80
            utf8High = b == 0xED ? 0x9F : 0xBF
        case 0xF0...0xF4:
            utf8Need = 3
            utf8Value = UInt32(b & 0x07)
            utf8Low = b == 0xF0 ? 0x90 : 0x80
            utf8High = b == 0xF4 ? 0x8F : 0xBF
        default:
            handler.print(0xFFFD)
        }
    }

    @inline(__always)
    private mutating func addParamByte(_ b: UInt8) {
        sawParam = true
        if b <= 0x39 {
            let digit = Int32(b &- 0x30)
            if paramValue < 0 {
                paramValue = digit
            } else if paramValue < Int32(VTParams.maxValue) {
                paramValue = min(paramValue &* 10 &+ digit, Int32(VTParams.maxValue))
            }
        } else {
            params.append(paramValue, isSubparameter: nextIsSubparameter)
            nextIsSubparameter = b == 0x3A
            paramValue = -1
        }
    }

    @inline(__always)
    private mutating func finishParams() {
        if sawParam {
            params.append(paramValue, isSubparameter: nextIsSubparameter)
        }
    }

    @inline(__always)
    private mutating func clearSequence() {
        params.reset()
        paramValue = -1
        nextIsSubparameter = false
        sawParam = false
        intermediates.reset()
    }

    private mutating func appendString(_ bytes: UnsafeBufferPointer<UInt8>) {
        let room = VTParser.maxStringLength - stringData.count
        if bytes.count <= room {
            stringData.append(contentsOf: bytes)
        } else {
            if room > 0 { stringData.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[0..<room])) }
            stringOverflowed = true
        }
    }

    private mutating func enter<H: VTParserHandler>(
        _ next: State, from previous: UInt8, cancelled: Bool, _ handler: inout H, final: UInt8 = 0
    ) {
        // Exit actions.
        if previous == State.oscString.rawValue {
            if !cancelled {
                stringData.withUnsafeBufferPointer { handler.oscDispatch($0, overflowed: stringOverflowed) }
            }
            releaseString()
        } else if previous == State.dcsPassthrough.rawValue {
            handler.dcsUnhook()
            stringLength = 0
        }
        rawState = next.rawValue
        // Entry actions.
        switch next {
        case .escape, .csiEntry, .dcsEntry:
            clearSequence()
        case .oscString:
            releaseString()
        case .dcsPassthrough:
            finishParams()
            stringLength = 0
            if intermediates.overflowed {
                rawState = State.dcsIgnore.rawValue
            } else {
                handler.dcsHook(params, intermediates, final: final)
            }
        default:
            break
        }
    }

    @inline(__always)
    private mutating func releaseString() {
        // Keep a small buffer for the common short strings; give large ones back.
        if stringData.capacity > 4096 {
            stringData = []
        } else {
            stringData.removeAll(keepingCapacity: true)
        }
        stringOverflowed = false
    }
}
