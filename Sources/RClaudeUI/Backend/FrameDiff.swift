import RClaudeTerminal

/// The runs of cells that differ between two frames, so a backend writes only what changed.
public enum FrameDiff {
    /// A horizontal run of changed cells on one row.
    public struct Run: Equatable, Sendable {
        /// The row.
        public var y: Int
        /// The first column.
        public var x: Int
        /// Columns in the run.
        public var width: Int
    }

    /// The changed runs, top to bottom, left to right; every cell of `new` when the sizes differ.
    /// A run never starts on the right half of a wide character.
    public static func runs(from old: Grid?, to new: Grid) -> [Run] {
        guard let old, old.width == new.width, old.height == new.height else {
            return (0..<new.height).map { Run(y: $0, x: 0, width: new.width) }.filter { $0.width > 0 }
        }
        var runs: [Run] = []
        for y in 0..<new.height {
            var x = 0
            while x < new.width {
                if same(old, new, x, y) {
                    x += 1
                    continue
                }
                var start = x
                if start > 0 && new[start, y].isWideContinuation { start -= 1 }
                var end = x + 1
                while end < new.width && !same(old, new, end, y) { end += 1 }
                if end < new.width && new[end, y].isWideContinuation { end += 1 }
                if let last = runs.last, last.y == y, last.x + last.width >= start {
                    runs[runs.count - 1].width = max(last.width, end - last.x)
                } else {
                    runs.append(Run(y: y, x: start, width: end - start))
                }
                x = end
            }
        }
        return runs
    }

    @inline(__always)
    static func same(_ a: Grid, _ b: Grid, _ x: Int, _ y: Int) -> Bool {
        let ca = a[x, y]
        let cb = b[x, y]
        if ca.isCluster || cb.isCluster {
            return ca.style == cb.style && a.text(of: ca) == b.text(of: cb)
        }
        return ca == cb
    }
}
