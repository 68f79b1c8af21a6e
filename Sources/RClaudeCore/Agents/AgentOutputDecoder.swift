/// Turns an agent's output, one line at a time, into `AgentEvent`s.
///
/// Decoders never throw: a line they cannot read becomes `.raw`, so nothing is ever dropped.
public protocol AgentOutputDecoder: Sendable {
    /// Decodes one complete line (without its newline).
    mutating func decode(line: [UInt8]) -> [AgentEvent]

    /// Called once when the output has ended: returns what the decoder still holds (text it
    /// was joining) and, for agents that always end with a result, a failed `.result` when none
    /// arrived, so a run that stopped early says so.
    mutating func finish() -> [AgentEvent]
}

extension AgentOutputDecoder {
    /// Nothing is held back by default.
    public mutating func finish() -> [AgentEvent] { [] }
}

/// The decoder for an agent kind.
public func makeDecoder(for agent: AgentKind) -> any AgentOutputDecoder {
    switch agent {
    case .claude: return ClaudeStreamDecoder()
    case .codex: return CodexExecDecoder()
    case .gemini: return GeminiStreamDecoder()
    case .shell: return PlainLineDecoder(stream: "stdout")
    }
}

/// Decodes plain text output: every line becomes `.output`.
public struct PlainLineDecoder: AgentOutputDecoder {
    /// The stream name written on each event.
    public let stream: String

    /// Creates a decoder for `stream`.
    public init(stream: String) { self.stream = stream }

    public mutating func decode(line: [UInt8]) -> [AgentEvent] {
        var bytes = line
        if bytes.last == 0x0D { bytes.removeLast() }
        return [.output(PlainOutput(stream: stream, text: String(decoding: bytes, as: UTF8.self)))]
    }
}
