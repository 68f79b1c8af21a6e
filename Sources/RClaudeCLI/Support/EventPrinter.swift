import Foundation
import RClaudeCore
import Synchronization

/// Prints events as they arrive, as readable text or JSON lines.
final class EventPrinter: Sendable {
    private let json: Bool
    private let renderer: Mutex<EventTextRenderer>
    private let sawResult = Mutex(false)

    init(json: Bool, color: Bool) {
        self.json = json
        let width = Int(ProcessInfo.processInfo.environment["COLUMNS"] ?? "") ?? TerminalWidth.current() ?? 120
        self.renderer = Mutex(EventTextRenderer(color: color, width: width))
    }

    func print(_ event: AgentEvent) {
        if case .result = event { sawResult.withLock { $0 = true } }
        if json {
            StandardStreams.out(JSONLines.encode(event) + "\n")
        } else {
            let text = renderer.withLock { $0.render(event) }
            if !text.isEmpty { StandardStreams.out(text) }
        }
    }

    /// A closing line for tasks whose agent did not print one (shell, failures before start).
    func printSummary(_ record: TaskRecord) {
        if sawResult.withLock({ $0 }) && record.status == .succeeded { return }
        switch record.status {
        case .succeeded: StandardStreams.err("✓ task \(record.id) succeeded\n")
        case .failed:
            StandardStreams.err("✗ task \(record.id) failed: \(TextSanitizer.sanitize(record.reason ?? "unknown reason"))\n")
        case .cancelled: StandardStreams.err("task \(record.id) cancelled\n")
        default: break
        }
    }
}

/// JSON encoding shared by every `--json` output.
enum JSONLines {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    static func encode<T: Encodable>(_ value: T) -> String {
        guard let data = try? encoder().encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
