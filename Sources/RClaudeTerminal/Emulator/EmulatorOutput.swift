// What one `Emulator.feed` call produced besides screen changes: bytes to send back to the application,
// a title change, and bells. These are values for the caller to act on; nothing is written anywhere.

/// The side effects of feeding output to the emulator.
public struct EmulatorOutput: Sendable, Equatable {
    /// Replies to the application's queries (DA, DSR/CPR, DECRQM, window size), to write to its PTY input.
    /// Never contains anything the application controls (no title or clipboard reports).
    public var replies: [UInt8] = []
    /// The new window title when the application changed it during this feed (sanitized: no control or
    /// bidirectional-override characters, at most `Emulator.maxTitleLength` characters).
    public var title: String?
    /// Number of BEL characters received.
    public var bellCount: Int = 0

    /// Whether the bell rang.
    public var bell: Bool { bellCount > 0 }

    /// No replies, no title change, no bell.
    public init() {}

    /// Creates an output value.
    public init(replies: [UInt8] = [], title: String? = nil, bellCount: Int = 0) {
        self.replies = replies
        self.title = title
        self.bellCount = bellCount
    }
}
