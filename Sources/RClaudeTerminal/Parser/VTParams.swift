// The numeric parameters of a CSI or DCS sequence. Values are capped at 65535 and at most 32 parameters
// are kept (later ones are dropped), so hostile sequences cannot grow memory or overflow arithmetic.
// Colon-separated subparameters (SGR 38:2::r:g:b, 4:3) are kept in order with a flag marking them.

/// Parameters of a control sequence: `CSI 1;2:3 m` has three, the last a subparameter of the second.
public struct VTParams: Sendable {
    /// The most parameters kept; later ones are dropped.
    public static let maxCount = 32
    /// The largest value a parameter holds; larger numbers are clamped.
    public static let maxValue = 65535

    @usableFromInline var values: [Int32]
    @usableFromInline var subparameterMask: UInt64
    /// Number of parameters, including omitted ones (`CSI ;5H` has two).
    public internal(set) var count: Int

    /// An empty parameter list.
    public init() {
        values = [Int32](repeating: -1, count: VTParams.maxCount)
        subparameterMask = 0
        count = 0
    }

    /// Creates parameters from values; nil marks an omitted parameter.
    /// - Parameters:
    ///   - values: The parameters in order.
    ///   - subparameters: Indices of values that followed a colon.
    public init(_ values: [Int?], subparameters: Set<Int> = []) {
        self.init()
        for (i, v) in values.prefix(VTParams.maxCount).enumerated() {
            append(v.map { Int32(min($0, VTParams.maxValue)) } ?? -1, isSubparameter: subparameters.contains(i))
        }
    }

    @inline(__always)
    mutating func append(_ value: Int32, isSubparameter: Bool) {
        guard count < VTParams.maxCount else { return }
        values[count] = value
        if isSubparameter { subparameterMask |= 1 << UInt64(count) }
        count += 1
    }

    @inline(__always)
    mutating func reset() {
        count = 0
        subparameterMask = 0
    }

    /// The value of parameter `index`, or nil when it was omitted or is absent.
    public subscript(index: Int) -> Int? {
        guard index >= 0, index < count else { return nil }
        let v = values[index]
        return v < 0 ? nil : Int(v)
    }

    /// Parameter `index`, or `defaultValue` when it is omitted, absent or 0 (the usual CSI convention).
    /// - Parameters:
    ///   - index: Position of the parameter.
    ///   - defaultValue: The value to use instead.
    /// - Returns: The value.
    @inline(__always)
    public func value(_ index: Int, default defaultValue: Int) -> Int {
        guard index < count else { return defaultValue }
        let v = values[index]
        return v <= 0 ? defaultValue : Int(v)
    }

    /// Parameter `index`, or `defaultValue` when omitted or absent (0 is kept).
    /// - Parameters:
    ///   - index: Position of the parameter.
    ///   - defaultValue: The value to use instead.
    /// - Returns: The value.
    @inline(__always)
    public func valueOrZero(_ index: Int, default defaultValue: Int) -> Int {
        guard index < count else { return defaultValue }
        let v = values[index]
        return v < 0 ? defaultValue : Int(v)
    }

    /// Whether parameter `index` followed a colon (it belongs to the parameter before it).
    public func isSubparameter(_ index: Int) -> Bool {
        guard index >= 0, index < count else { return false }
        return subparameterMask & (1 << UInt64(index)) != 0
    }

    /// The parameters as an array; nil marks an omitted one.
    public var array: [Int?] { (0..<count).map { self[$0] } }
}

extension VTParams: Equatable {
    /// Parameters are equal when they hold the same values and subparameter marks.
    public static func == (lhs: VTParams, rhs: VTParams) -> Bool {
        guard lhs.count == rhs.count else { return false }
        let mask: UInt64 = lhs.count >= 64 ? ~0 : (1 << UInt64(lhs.count)) - 1
        guard lhs.subparameterMask & mask == rhs.subparameterMask & mask else { return false }
        for i in 0..<lhs.count where lhs.values[i] != rhs.values[i] { return false }
        return true
    }
}
