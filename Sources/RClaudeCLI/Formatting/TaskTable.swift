import Foundation
import RClaudeCore

/// Formats tasks as the aligned table of `rclaude ls`.
enum TaskTable {
    static func render(_ tasks: [TaskRecord], now: Date, width: Int, color: Bool) -> String {
        let providerWidth = max(9, (tasks.map { $0.provider.count }.max() ?? 0) + 1)
        var lines = ["ID            STATUS     AGENT   \(pad("PROVIDER", providerWidth)) AGE    DURATION  COST     PROMPT"]
        for task in tasks {
            let status = pad(task.status.label, 10)
            let coloredStatus = color ? paint(status, for: task.status) : status
            let prefix =
                "\(pad(task.id.rawValue, 13)) \(coloredStatus) \(pad(task.agent.rawValue, 7)) \(pad(task.provider, providerWidth)) "
                + "\(pad(Durations.short(now.timeIntervalSince(task.createdAt)), 6)) "
                + "\(pad(task.duration(now: now).map(Durations.short) ?? "-", 9)) "
                + "\(pad(task.costUSD.map { String(format: "$%.4f", $0) } ?? "-", 8)) "
            let room = max(10, width - 74 - providerWidth)
            let prompt = TextSanitizer.sanitize(task.latestPrompt, keepNewlines: false)
            lines.append(prefix + (prompt.count > room ? String(prompt.prefix(room - 1)) + "…" : prompt))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    static func paint(_ text: String, for status: TaskStatus) -> String {
        let code: String
        switch status {
        case .succeeded: code = "32"
        case .failed: code = "31"
        case .cancelled: code = "33"
        case .running, .starting: code = "36"
        case .waiting: code = "1;35"
        case .queued: code = "2"
        }
        return "\u{1b}[\(code)m\(text)\u{1b}[0m"
    }
}

/// Human durations: 850ms, 12s, 4m, 3h, 2d.
enum Durations {
    /// `short` of a `Duration`.
    static func short(_ duration: Duration) -> String {
        short(Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
    }

    static func short(_ seconds: TimeInterval) -> String {
        let s = max(0, seconds)
        if s < 1 { return "\(Int(s * 1000))ms" }
        if s < 60 { return s < 10 ? String(format: "%.1fs", s) : "\(Int(s))s" }
        if s < 3600 { return "\(Int(s / 60))m" }
        if s < 86400 { return "\(Int(s / 3600))h" }
        return "\(Int(s / 86400))d"
    }
}
