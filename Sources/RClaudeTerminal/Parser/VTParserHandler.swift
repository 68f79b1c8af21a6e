// What the parser calls as it recognises input. `Screen` implements it directly so the hot path makes no
// intermediate values; `VTActionCollector` turns the calls into `VTAction` values for tests and tools.

/// Receives the actions of a `VTParser`, in input order.
public protocol VTParserHandler {
    /// A run of printable ASCII bytes (0x20–0x7E) to print in order.
    mutating func printASCII(_ bytes: UnsafeBufferPointer<UInt8>)
    /// One printable scalar decoded from UTF-8 (U+FFFD for invalid input). Never a control character.
    mutating func print(_ scalar: UInt32)
    /// A C0 control character (0x00–0x1F except ESC).
    mutating func execute(_ control: UInt8)
    /// An escape sequence: `ESC` intermediates final.
    mutating func escDispatch(_ intermediates: VTIntermediates, final: UInt8)
    /// A control sequence: `CSI` marker params intermediates final.
    mutating func csiDispatch(_ params: VTParams, _ intermediates: VTIntermediates, final: UInt8)
    /// A complete operating system command (`OSC … BEL` or `OSC … ST`).
    /// - Parameters:
    ///   - data: The bytes between `OSC` and the terminator, at most `VTParser.maxStringLength`.
    ///   - overflowed: True when the string was longer and was cut.
    mutating func oscDispatch(_ data: UnsafeBufferPointer<UInt8>, overflowed: Bool)
    /// The start of a device control string (`DCS` params intermediates final).
    mutating func dcsHook(_ params: VTParams, _ intermediates: VTIntermediates, final: UInt8)
    /// Data of the current device control string, in pieces.
    mutating func dcsPut(_ bytes: UnsafeBufferPointer<UInt8>)
    /// The end of the current device control string.
    mutating func dcsUnhook()
}

extension VTParserHandler {
    /// Ignores DCS by default.
    public mutating func dcsHook(_ params: VTParams, _ intermediates: VTIntermediates, final: UInt8) {}
    /// Ignores DCS by default.
    public mutating func dcsPut(_ bytes: UnsafeBufferPointer<UInt8>) {}
    /// Ignores DCS by default.
    public mutating func dcsUnhook() {}
}
