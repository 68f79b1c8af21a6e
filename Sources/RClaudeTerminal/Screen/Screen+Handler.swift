// `Screen` as the parser's handler: each parser action goes to its family's handler.

extension Screen: VTParserHandler {
    mutating func printASCII(_ bytes: UnsafeBufferPointer<UInt8>) {
        printASCIIRun(bytes)
    }

    mutating func print(_ scalar: UInt32) {
        printScalar(scalar)
    }

    mutating func execute(_ control: UInt8) {
        executeControl(control)
    }

    mutating func escDispatch(_ intermediates: VTIntermediates, final: UInt8) {
        escape(intermediates, final: final)
    }

    mutating func csiDispatch(_ params: VTParams, _ intermediates: VTIntermediates, final: UInt8) {
        csi(params, intermediates, final: final)
    }

    mutating func oscDispatch(_ data: UnsafeBufferPointer<UInt8>, overflowed: Bool) {
        osc(data, overflowed: overflowed)
    }

    /// Applies one action value (the slow path, for tests and tools).
    mutating func apply(_ action: VTAction) {
        switch action {
        case .print(let scalar):
            if scalar.value >= 0x20 && scalar.value < 0x7F {
                var byte = UInt8(scalar.value)
                withUnsafePointer(to: &byte) { printASCIIRun(UnsafeBufferPointer(start: $0, count: 1)) }
            } else {
                printScalar(scalar.value)
            }
        case .execute(let control): executeControl(control)
        case .esc(let intermediates, let final): escape(intermediates, final: final)
        case .csi(let params, let intermediates, let final): csi(params, intermediates, final: final)
        case .osc(let data, let overflowed):
            data.withUnsafeBufferPointer { osc($0, overflowed: overflowed) }
        case .dcsHook, .dcsPut, .dcsUnhook:
            break
        }
    }
}
