#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads attach frames from a blocking descriptor in batches: one `read` takes in as many bytes
/// as the socket holds, and every whole frame among them comes back at once, with consecutive
/// output frames merged into one. A fast terminal then costs one wake-up and one hand-off per
/// batch instead of two system calls and a hand-off per frame.
public struct AttachFrameReader {
    /// One decoded frame.
    public struct Frame: Sendable, Equatable {
        /// The frame type (`AttachFrame.output`, …).
        public let type: UInt8
        /// The payload.
        public var payload: [UInt8]

        /// A frame of `type` carrying `payload`.
        public init(type: UInt8, payload: [UInt8]) {
            self.type = type
            self.payload = payload
        }
    }

    private let descriptor: Int32
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var malformed = false
    /// The most output bytes merged into one frame.
    private let mergeLimit: Int

    /// A reader of `descriptor` (which it does not close).
    ///
    /// - Parameters:
    ///   - descriptor: a blocking socket or pipe.
    ///   - capacity: the read buffer's size, and the most output bytes merged into one frame.
    public init(descriptor: Int32, capacity: Int = 256 << 10) {
        self.descriptor = descriptor
        self.buffer = [UInt8](repeating: 0, count: max(capacity, 4096))
        self.mergeLimit = max(capacity, 4096)
    }

    /// Waits until at least one whole frame has arrived, then returns every whole frame read so
    /// far, in order, consecutive output frames merged.
    ///
    /// - Returns: `nil` at end of file, on a read error, or once a malformed frame (longer than
    ///   `AttachFrame.maxPayload`) is reached; the whole frames before it are returned first.
    public mutating func nextBatch() -> [Frame]? {
        while true {
            let frames = takeWholeFrames()
            if !frames.isEmpty { return frames }
            if malformed || !fill() { return nil }
        }
    }

    /// Decodes the whole frames in `buffer[start..<end]`.
    private mutating func takeWholeFrames() -> [Frame] {
        var frames: [Frame] = []
        while !malformed, end - start >= 5 {
            let length =
                Int(buffer[start + 1]) << 24 | Int(buffer[start + 2]) << 16 | Int(buffer[start + 3]) << 8
                | Int(buffer[start + 4])
            guard length <= AttachFrame.maxPayload else {
                malformed = true
                break
            }
            guard end - start >= 5 + length else { break }
            let type = buffer[start]
            let payload = buffer[(start + 5)..<(start + 5 + length)]
            if type == AttachFrame.output, let last = frames.last, last.type == AttachFrame.output,
                last.payload.count + length <= mergeLimit
            {
                frames[frames.count - 1].payload.append(contentsOf: payload)
            } else {
                frames.append(Frame(type: type, payload: Array(payload)))
            }
            start += 5 + length
        }
        return frames
    }

    /// Reads once (after making room for the frame that is only partly buffered); `false` at
    /// end of file or on an error.
    private mutating func fill() -> Bool {
        if start > 0 {
            let pending = end - start
            if pending > 0 {
                buffer.withUnsafeMutableBytes { raw in
                    guard let base = raw.baseAddress else { return }
                    memmove(base, base + start, pending)
                }
            }
            start = 0
            end = pending
        }
        if end >= 5 {
            let length = Int(buffer[1]) << 24 | Int(buffer[2]) << 16 | Int(buffer[3]) << 8 | Int(buffer[4])
            if 5 + length > buffer.count {
                buffer += [UInt8](repeating: 0, count: 5 + length - buffer.count)
            }
        }
        while true {
            let capacity = buffer.count - end
            let n = buffer.withUnsafeMutableBytes { raw in read(descriptor, raw.baseAddress.map { $0 + end }, capacity)
            }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            end += n
            return true
        }
    }
}
