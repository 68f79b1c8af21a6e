// A cursor over the UTF-8 bytes of one JSON document that reads values straight into Swift
// values, for the fast task-record decoder.
//
// It accepts a strict subset of JSON and gives up (returns `nil`) on anything outside it, so a
// caller that falls back to `JSONDecoder` on `nil` never accepts a document `JSONDecoder` would
// reject, and never reads one differently:
// - strings: any valid UTF-8 without raw control characters; the escapes \" \\ \/ \b \f \n \r \t
//   and \uXXXX (a surrogate only as a valid pair). Keys must not contain escapes.
// - integers: `-?(0|[1-9][0-9]*)` with at most 19 digits, in range of the asked type.
// - doubles: the full JSON number grammar, converted with correct rounding (exactly when the digits
//   fit a double and the power of ten is small, otherwise by `strtod` through `Double(_:)`).
// - `true`, `false`, `null`, and the whitespace JSON allows (space, tab, CR, LF).

/// Reads JSON values from a byte buffer, one at a time, without building a tree.
struct JSONByteScanner {
    private let bytes: UnsafeBufferPointer<UInt8>
    /// The index of the next unread byte.
    private(set) var position = 0

    /// Starts at the beginning of `bytes`, which must outlive the scanner.
    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    // MARK: - Structure

    /// Skips JSON whitespace.
    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    /// The next byte after whitespace, without consuming it; `nil` at the end.
    mutating func peek() -> UInt8? {
        skipWhitespace()
        return position < bytes.count ? bytes[position] : nil
    }

    /// Consumes `byte` (after whitespace) if it is next.
    ///
    /// - Returns: whether it was there.
    mutating func consume(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    /// Whether only whitespace is left.
    mutating func isAtEnd() -> Bool {
        skipWhitespace()
        return position == bytes.count
    }

    /// Reads an object key and the colon after it.
    ///
    /// - Returns: the range of the key's bytes, or `nil` when the next token is not a plain key
    ///   (a key with escapes counts as not plain).
    mutating func key() -> Range<Int>? {
        guard consume(UInt8(ascii: "\"")) else { return nil }
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            position += 1
        }
        guard position < bytes.count else { return nil }
        let range = start..<position
        position += 1
        return consume(UInt8(ascii: ":")) ? range : nil
    }

    /// Whether the bytes in `range` spell `name`.
    func bytes(in range: Range<Int>, equal name: [UInt8]) -> Bool {
        guard range.count == name.count else { return false }
        var i = 0
        while i < name.count {
            if bytes[range.lowerBound + i] != name[i] { return false }
            i += 1
        }
        return true
    }

    /// Consumes a `null` literal if it is next.
    mutating func consumeNull() -> Bool { consumeLiteral("null") }

    /// Reads `true` or `false`.
    mutating func bool() -> Bool? {
        if consumeLiteral("true") { return true }
        if consumeLiteral("false") { return false }
        return nil
    }

    private mutating func consumeLiteral(_ literal: StaticString) -> Bool {
        skipWhitespace()
        let count = literal.utf8CodeUnitCount
        guard bytes.count - position >= count else { return false }
        let text = literal.utf8Start
        for i in 0..<count where bytes[position + i] != text[i] { return false }
        position += count
        return true
    }

    // MARK: - Strings

    /// Reads a string value.
    mutating func string() -> String? {
        guard consume(UInt8(ascii: "\"")) else { return nil }
        let start = position
        var nonASCII: UInt8 = 0
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<position])
                position += 1
                return nonASCII == 0 ? String(decoding: slice, as: UTF8.self) : String(validating: slice, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") { return escapedString(from: start) }
            if byte < 0x20 { return nil }
            nonASCII |= byte & 0x80
            position += 1
        }
        return nil
    }

    /// Finishes a string that has escapes; `position` is at the first backslash.
    private mutating func escapedString(from start: Int) -> String? {
        var result = Array(UnsafeBufferPointer(rebasing: bytes[start..<position]))
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(validating: result, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard position < bytes.count else { return nil }
                let escape = bytes[position]
                position += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): result.append(escape)
                case UInt8(ascii: "b"): result.append(0x08)
                case UInt8(ascii: "f"): result.append(0x0C)
                case UInt8(ascii: "n"): result.append(0x0A)
                case UInt8(ascii: "r"): result.append(0x0D)
                case UInt8(ascii: "t"): result.append(0x09)
                case UInt8(ascii: "u"):
                    guard let scalar = unicodeEscape() else { return nil }
                    result.append(contentsOf: String(Character(scalar)).utf8)
                default: return nil
                }
            default:
                if byte < 0x20 { return nil }
                result.append(byte)
            }
        }
        return nil
    }

    /// Reads the four hex digits after `\u` (and a low surrogate's `\uXXXX` after a high one).
    private mutating func unicodeEscape() -> Unicode.Scalar? {
        guard let unit = hex4() else { return nil }
        if unit < 0xD800 || unit > 0xDFFF { return Unicode.Scalar(unit) }
        guard unit < 0xDC00, bytes.count - position >= 6, bytes[position] == UInt8(ascii: "\\"),
            bytes[position + 1] == UInt8(ascii: "u")
        else { return nil }
        position += 2
        guard let low = hex4(), low >= 0xDC00, low <= 0xDFFF else { return nil }
        return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
    }

    private mutating func hex4() -> UInt32? {
        guard bytes.count - position >= 4 else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    /// Reads an array of strings.
    mutating func stringArray() -> [String]? {
        guard consume(UInt8(ascii: "[")) else { return nil }
        var result: [String] = []
        if consume(UInt8(ascii: "]")) { return result }
        repeat {
            guard let element = string() else { return nil }
            result.append(element)
        } while consume(UInt8(ascii: ","))
        return consume(UInt8(ascii: "]")) ? result : nil
    }

    // MARK: - Numbers

    /// Reads an integer written without fraction or exponent that fits `T`.
    mutating func integer<T: FixedWidthInteger & SignedInteger>(_: T.Type) -> T? {
        skipWhitespace()
        var i = position
        let negative = i < bytes.count && bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        let digitsStart = i
        var magnitude: UInt64 = 0
        while i < bytes.count, bytes[i] &- UInt8(ascii: "0") < 10 {
            magnitude = magnitude &* 10 &+ UInt64(bytes[i] &- UInt8(ascii: "0"))
            i += 1
        }
        // 19 digits always fit a UInt64; longer numbers are left to `JSONDecoder`.
        let digits = i - digitsStart
        guard digits > 0, digits <= 19, !(digits > 1 && bytes[digitsStart] == UInt8(ascii: "0")) else { return nil }
        if i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): return nil
            default: break
            }
        }
        let value: T?
        if negative {
            value = magnitude <= UInt64(Int64.max) ? T(exactly: -Int64(magnitude))
                : magnitude == UInt64(Int64.max) + 1 ? T(exactly: Int64.min) : nil
        } else {
            value = T(exactly: magnitude)
        }
        guard let value else { return nil }
        position = i
        return value
    }

    /// Reads any JSON number as a correctly rounded `Double`; `nil` if it is not finite.
    mutating func double() -> Double? {
        skipWhitespace()
        let start = position
        var i = position
        let negative = i < bytes.count && bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        // The digits as an integer (while it stays exact) and the power of ten that scales it.
        var mantissa: UInt64 = 0
        var exact = true
        var scale = 0
        let integerStart = i
        while i < bytes.count, bytes[i] &- UInt8(ascii: "0") < 10 {
            accumulate(bytes[i], into: &mantissa, exact: &exact, scale: &scale, inFraction: false)
            i += 1
        }
        let integerDigits = i - integerStart
        guard integerDigits > 0, !(integerDigits > 1 && bytes[integerStart] == UInt8(ascii: "0")) else { return nil }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            let fractionStart = i
            while i < bytes.count, bytes[i] &- UInt8(ascii: "0") < 10 {
                accumulate(bytes[i], into: &mantissa, exact: &exact, scale: &scale, inFraction: true)
                i += 1
            }
            guard i > fractionStart else { return nil }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            var exponentNegative = false
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
                exponentNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            let exponentStart = i
            var exponent = 0
            while i < bytes.count, bytes[i] &- UInt8(ascii: "0") < 10 {
                if exponent < 100_000 { exponent = exponent * 10 + Int(bytes[i] &- UInt8(ascii: "0")) }
                i += 1
            }
            guard i > exponentStart else { return nil }
            scale += exponentNegative ? -exponent : exponent
        }
        position = i
        let value: Double
        if exact, mantissa <= 1 << 53, scale >= -22, scale <= 22 {
            // Both operands are exact doubles, so one IEEE operation gives the correctly rounded result.
            let digits = Double(mantissa)
            let magnitude = scale >= 0 ? digits * Self.powersOfTen[scale] : digits / Self.powersOfTen[-scale]
            value = negative ? -magnitude : magnitude
        } else {
            guard let parsed = Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self))
            else { return nil }
            value = parsed
        }
        return value.isFinite ? value : nil
    }

    private func accumulate(
        _ byte: UInt8, into mantissa: inout UInt64, exact: inout Bool, scale: inout Int, inFraction: Bool
    ) {
        let digit = UInt64(byte &- UInt8(ascii: "0"))
        if mantissa <= (UInt64(1) << 53) / 10 {
            mantissa = mantissa * 10 + digit
            if inFraction { scale -= 1 }
        } else {
            // More digits than a double holds exactly: leave it to `strtod`.
            exact = false
        }
    }

    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }
}
