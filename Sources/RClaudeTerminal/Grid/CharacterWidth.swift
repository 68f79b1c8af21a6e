// Column widths of Unicode scalars, as a terminal lays them out.
//
// A scalar is 0 columns wide (combining marks, format characters: they join the previous cell), 1 column
// (most scripts) or 2 columns (East Asian Wide/Fullwidth, emoji with emoji presentation). The Basic
// Multilingual Plane is answered from a 64 KiB lookup table built once from the range tables; the other
// planes use a binary search over the same ranges.

/// Column widths of Unicode scalars (wcwidth-style, Unicode East Asian Width based).
public enum CharacterWidth {
    /// Number of columns the scalar occupies: 0 (joins the previous cell), 1 or 2.
    ///
    /// Control characters report 1; the emulator never prints them.
    /// - Parameter value: A Unicode scalar value.
    /// - Returns: 0, 1 or 2.
    @inline(__always)
    public static func width(of value: UInt32) -> Int {
        if value < 0x300 { return 1 }
        if value < 0x10000 {
            return Int(bmpTable[Int(value)])
        }
        if search(wideRanges, value) { return 2 }
        if search(zeroWidthRanges, value) { return 0 }
        return 1
    }

    /// Number of columns the scalar occupies: 0, 1 or 2.
    /// - Parameter scalar: A Unicode scalar.
    /// - Returns: 0, 1 or 2.
    public static func width(of scalar: Unicode.Scalar) -> Int {
        width(of: scalar.value)
    }

    /// Number of columns a string occupies when printed on one line, with combining marks joined.
    /// - Parameter string: The text.
    /// - Returns: The sum of the widths of its grapheme clusters.
    public static func width(of string: some StringProtocol) -> Int {
        var total = 0
        for character in string {
            total += width(of: character)
        }
        return total
    }

    /// Number of columns a grapheme cluster occupies: the width of its first non-zero-width scalar.
    /// - Parameter character: A grapheme cluster.
    /// - Returns: 0, 1 or 2.
    public static func width(of character: Character) -> Int {
        for scalar in character.unicodeScalars {
            let w = width(of: scalar.value)
            if w > 0 { return w }
        }
        return 0
    }

    static let bmpTable: [UInt8] = {
        var table = [UInt8](repeating: 1, count: 0x10000)
        var i = 0
        while i + 1 < zeroWidthRanges.count {
            let lo = Int(zeroWidthRanges[i])
            let hi = Int(zeroWidthRanges[i + 1])
            if lo < 0x10000 {
                for v in lo...min(hi, 0xFFFF) { table[v] = 0 }
            }
            i += 2
        }
        i = 0
        while i + 1 < wideRanges.count {
            let lo = Int(wideRanges[i])
            let hi = Int(wideRanges[i + 1])
            if lo < 0x10000 {
                for v in lo...min(hi, 0xFFFF) { table[v] = 2 }
            }
            i += 2
        }
        return table
    }()

    private static func search(_ ranges: [UInt32], _ value: UInt32) -> Bool {
        var lo = 0
        var hi = ranges.count / 2 - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            if value < ranges[mid * 2] {
                hi = mid - 1
            } else if value > ranges[mid * 2 + 1] {
                lo = mid + 1
            } else {
                return true
            }
        }
        return false
    }
}
