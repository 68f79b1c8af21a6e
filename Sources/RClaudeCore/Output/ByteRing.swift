/// The most recent `capacity` bytes of a stream, in a ring: appending costs only the copy of the
/// new bytes however full the ring is (dropping the oldest bytes moves nothing). The buffer grows
/// with what is appended, up to `capacity`.
struct ByteRing: Sendable {
    /// The most bytes kept.
    let capacity: Int
    private var storage: [UInt8] = []
    /// Index in `storage` of the oldest byte (always 0 until the ring is full).
    private var head = 0

    /// How many bytes are held.
    var count: Int { storage.count }

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Appends `bytes`, dropping the oldest bytes beyond `capacity`.
    ///
    /// - Returns: how many old bytes were dropped.
    @discardableResult
    mutating func append(_ bytes: [UInt8]) -> Int {
        var rest = bytes[...]
        var dropped = 0
        if storage.count < capacity {
            let fits = min(rest.count, capacity - storage.count)
            storage.append(contentsOf: rest.prefix(fits))
            rest = rest.dropFirst(fits)
        }
        guard !rest.isEmpty else { return dropped }
        if rest.count >= capacity {
            // Only the last `capacity` new bytes survive.
            dropped += rest.count - capacity
            rest = rest.suffix(capacity)
        }
        // The ring is full: the new bytes overwrite the oldest, in at most two runs.
        dropped += rest.count
        let firstRun = min(rest.count, capacity - head)
        storage.replaceSubrange(head..<(head + firstRun), with: rest.prefix(firstRun))
        let secondRun = rest.count - firstRun
        if secondRun > 0 { storage.replaceSubrange(0..<secondRun, with: rest.suffix(secondRun)) }
        head = secondRun > 0 ? secondRun : head + firstRun
        if head == capacity { head = 0 }
        return dropped
    }

    /// `length` bytes starting `offset` bytes after the oldest one held.
    func bytes(from offset: Int, length: Int) -> [UInt8] {
        let start = min(count, max(0, offset))
        let length = min(count - start, max(0, length))
        var out: [UInt8] = []
        out.reserveCapacity(length)
        var first = head + start
        if first >= storage.count { first -= storage.count }
        let firstRun = min(length, storage.count - first)
        out += storage[first..<(first + firstRun)]
        if length > firstRun { out += storage[0..<(length - firstRun)] }
        return out
    }
}
