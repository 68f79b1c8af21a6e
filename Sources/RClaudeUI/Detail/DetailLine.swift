/// One screen line of the task detail: which event it shows and its styled text.
public struct DetailLine: Sendable, Equatable {
    /// The index of the event in the task's event list.
    public var eventIndex: Int
    /// The styled pieces, left to right.
    public var spans: [Span]
    /// Whether Enter on this line folds or unfolds its event.
    public var isFoldable: Bool

    /// Creates a line.
    public init(eventIndex: Int, spans: [Span], isFoldable: Bool = false) {
        self.eventIndex = eventIndex
        self.spans = spans
        self.isFoldable = isFoldable
    }

    /// The line's text without styles (for search).
    public var text: String { spans.map(\.text).joined() }
}
