// Parser actions as values, for tests, debugging tools and consumers that want a list instead of calls.

/// One action recognised by `VTParser`.
public enum VTAction: Equatable, Sendable {
    /// Print a character.
    case print(Unicode.Scalar)
    /// Execute a C0 control character.
    case execute(UInt8)
    /// An escape sequence.
    case esc(intermediates: VTIntermediates, final: UInt8)
    /// A control sequence.
    case csi(params: VTParams, intermediates: VTIntermediates, final: UInt8)
    /// An operating system command with its data (cut to `VTParser.maxStringLength`).
    case osc(data: [UInt8], overflowed: Bool)
    /// Start of a device control string.
    case dcsHook(params: VTParams, intermediates: VTIntermediates, final: UInt8)
    /// Data of a device control string.
    case dcsPut([UInt8])
    /// End of a device control string.
    case dcsUnhook
}

/// A `VTParserHandler` that records actions as `VTAction` values, merging adjacent `dcsPut` pieces.
public struct VTActionCollector: VTParserHandler, Sendable {
    /// The actions seen so far.
    public var actions: [VTAction] = []

    /// An empty collector.
    public init() {}

    /// Records each byte as a print.
    public mutating func printASCII(_ bytes: UnsafeBufferPointer<UInt8>) {
        for b in bytes { actions.append(.print(Unicode.Scalar(b))) }
    }

    /// Records a print.
    public mutating func print(_ scalar: UInt32) {
        actions.append(.print(Unicode.Scalar(scalar) ?? "\u{FFFD}"))
    }

    /// Records an execute.
    public mutating func execute(_ control: UInt8) {
        actions.append(.execute(control))
    }

    /// Records an escape sequence.
    public mutating func escDispatch(_ intermediates: VTIntermediates, final: UInt8) {
        actions.append(.esc(intermediates: intermediates, final: final))
    }

    /// Records a control sequence.
    public mutating func csiDispatch(_ params: VTParams, _ intermediates: VTIntermediates, final: UInt8) {
        actions.append(.csi(params: params, intermediates: intermediates, final: final))
    }

    /// Records an OSC string.
    public mutating func oscDispatch(_ data: UnsafeBufferPointer<UInt8>, overflowed: Bool) {
        actions.append(.osc(data: Array(data), overflowed: overflowed))
    }

    /// Records the start of a DCS string.
    public mutating func dcsHook(_ params: VTParams, _ intermediates: VTIntermediates, final: UInt8) {
        actions.append(.dcsHook(params: params, intermediates: intermediates, final: final))
    }

    /// Records DCS data, merged with the previous piece.
    public mutating func dcsPut(_ bytes: UnsafeBufferPointer<UInt8>) {
        if case .dcsPut(let previous)? = actions.last {
            actions[actions.count - 1] = .dcsPut(previous + Array(bytes))
        } else {
            actions.append(.dcsPut(Array(bytes)))
        }
    }

    /// Records the end of a DCS string.
    public mutating func dcsUnhook() {
        actions.append(.dcsUnhook)
    }
}
