import Foundation
import RClaudeCore

/// A text message on one of the server's WebSockets. Output bytes travel in binary messages
/// (`OutputFrame`); everything else is one of these, as JSON with a `type`.
public enum StreamControl: Equatable, Sendable {
    /// Bytes before `resumeAt` are gone (trimmed); delivery continues there.
    case truncated(resumeAt: OutputOffset)
    /// The stream is complete: the task ended and everything up to `offset` (bytes) or
    /// `count` (events) was sent.
    case end(offset: OutputOffset?, count: Int?)
    /// A decoded agent event and its index in the task's event list.
    case event(index: Int, event: AgentEvent)
    /// Client → server on terminals: resize the PTY.
    case resize(TerminalSize)
    /// The server refuses or gives up; the message says why.
    case error(APIErrorBody)

    private struct Envelope: Codable {
        var type: String
        var resumeAt: OutputOffset?
        var offset: OutputOffset?
        var count: Int?
        var index: Int?
        var event: AgentEvent?
        var rows: Int?
        var cols: Int?
        var code: String?
        var message: String?
    }

    /// The JSON text of this message.
    public func encoded() -> String {
        var envelope: Envelope
        switch self {
        case .truncated(let resumeAt): envelope = Envelope(type: "truncated", resumeAt: resumeAt)
        case .end(let offset, let count): envelope = Envelope(type: "end", offset: offset, count: count)
        case .event(let index, let event): envelope = Envelope(type: "event", index: index, event: event)
        case .resize(let size): envelope = Envelope(type: "resize", rows: size.rows, cols: size.cols)
        case .error(let body): envelope = Envelope(type: "error", code: body.code, message: body.message)
        }
        guard let data = try? WireCoding.encoder().encode(envelope) else { return #"{"type":"error"}"# }
        return String(decoding: data, as: UTF8.self)
    }

    /// Parses a text message.
    ///
    /// - Throws: `CoreError` `.invalidInput` naming what is wrong with the message.
    public static func decode(_ text: String) throws -> StreamControl {
        let envelope: Envelope
        do {
            envelope = try WireCoding.decoder().decode(Envelope.self, from: Data(text.utf8))
        } catch {
            throw CoreError(code: .invalidInput, message: "unreadable stream message (\(text.prefix(80))): expected JSON with a \"type\"")
        }
        switch envelope.type {
        case "truncated":
            guard let resumeAt = envelope.resumeAt else { throw missing("resumeAt", in: "truncated") }
            return .truncated(resumeAt: resumeAt)
        case "end":
            return .end(offset: envelope.offset, count: envelope.count)
        case "event":
            guard let index = envelope.index, let event = envelope.event else { throw missing("index and event", in: "event") }
            return .event(index: index, event: event)
        case "resize":
            guard let rows = envelope.rows, let cols = envelope.cols, (1...1000).contains(rows), (1...1000).contains(cols) else {
                throw CoreError(code: .invalidInput, message: "a resize message needs \"rows\" and \"cols\" between 1 and 1000")
            }
            return .resize(TerminalSize(rows: rows, cols: cols))
        case "error":
            return .error(APIErrorBody(code: envelope.code ?? "unknown", message: envelope.message ?? "the server gave no reason"))
        default:
            throw CoreError(code: .invalidInput, message: "unknown stream message type \"\(envelope.type)\"")
        }
    }

    private static func missing(_ fields: String, in type: String) -> CoreError {
        CoreError(code: .invalidInput, message: "a \"\(type)\" stream message needs \(fields)")
    }
}
