// Lines scrolled off the top of the primary screen, oldest first, in a ring of at most `limit` lines.
// Each line is stored encoded by `LineCodec` (about one byte per ASCII cell), with its soft-wrap flag.

/// One line of scrollback: the encoded cells and whether it continues on the next line.
struct ScrollbackLine: Sendable, Equatable {
    var bytes: [UInt8]
    var wrapped: Bool
}

/// A bounded ring of scrollback lines.
struct Scrollback: Sendable {
    /// The most lines kept; older lines are dropped.
    private(set) var limit: Int
    private var storage: [ScrollbackLine] = []
    private var head = 0
    /// Number of lines held.
    private(set) var count = 0
    /// Reusable encoding buffer.
    var scratch: [UInt8] = []

    init(limit: Int) {
        self.limit = max(0, limit)
    }

    /// Line `index`, 0 being the oldest.
    subscript(index: Int) -> ScrollbackLine {
        storage[(head + index) % storage.count]
    }

    /// Appends a line, dropping the oldest when full.
    mutating func push(_ line: ScrollbackLine) {
        guard limit > 0 else { return }
        if count < storage.count {
            storage[(head + count) % storage.count] = line
            count += 1
        } else if storage.count < limit {
            // Still filling: the ring is contiguous from head 0.
            storage.append(line)
            count += 1
        } else {
            storage[head] = line
            head = (head + 1) % storage.count
        }
    }

    /// Encodes a row of cells and appends it.
    mutating func push(cells: UnsafeBufferPointer<Cell>, clusters: [String], wrapped: Bool) {
        guard limit > 0 else { return }
        let bytes = LineCodec.encode(cells, clusters: clusters, scratch: &scratch)
        push(ScrollbackLine(bytes: bytes, wrapped: wrapped))
    }

    /// Removes and returns the newest line.
    mutating func popNewest() -> ScrollbackLine? {
        guard count > 0 else { return nil }
        let index = (head + count - 1) % storage.count
        let line = storage[index]
        storage[index] = ScrollbackLine(bytes: [], wrapped: false)
        count -= 1
        if count == 0 {
            storage.removeAll(keepingCapacity: true)
            head = 0
        }
        return line
    }

    /// Removes every line.
    mutating func removeAll() {
        storage = []
        head = 0
        count = 0
    }

    /// Changes the limit, dropping the oldest lines if needed.
    mutating func setLimit(_ newLimit: Int) {
        let lines = (0..<count).map { self[$0] }
        limit = max(0, newLimit)
        removeAll()
        for line in lines.suffix(limit) { push(line) }
    }

    /// All lines, oldest first.
    var lines: [ScrollbackLine] { (0..<count).map { self[$0] } }

    /// Bytes held by encoded lines (not counting array headers).
    var encodedBytes: Int {
        var total = 0
        for i in 0..<count { total += self[i].bytes.count }
        return total
    }
}
