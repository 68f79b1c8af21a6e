import Foundation
import RClaudeCore

/// Short human forms of times, durations, costs and sizes for tables.
public enum Format {
    /// `42s`, `5m`, `3h`, `2d` (how long ago `date` was, seen at `now`).
    public static func age(_ date: Date, now: Date) -> String {
        compact(max(0, now.timeIntervalSince(date)))
    }

    /// `850ms`, `42s`, `5m12s`, `3h04m`, `2d03h`.
    public static func duration(_ seconds: TimeInterval) -> String {
        let s = max(0, seconds)
        if s < 1 { return "\(Int(s * 1000))ms" }
        if s < 60 { return "\(Int(s))s" }
        let total = Int(s)
        if total < 3600 { return "\(total / 60)m\(two(total % 60))s" }
        if total < 86_400 { return "\(total / 3600)h\(two(total % 3600 / 60))m" }
        return "\(total / 86_400)d\(two(total % 86_400 / 3600))h"
    }

    /// The largest unit only: `42s`, `5m`, `3h`, `2d`.
    public static func compact(_ seconds: TimeInterval) -> String {
        let total = Int(max(0, seconds))
        if total < 60 { return "\(total)s" }
        if total < 3600 { return "\(total / 60)m" }
        if total < 86_400 { return "\(total / 3600)h" }
        return "\(total / 86_400)d"
    }

    /// `$0.012`, `$1.23`, or `-` when unknown.
    public static func cost(_ usd: Double?) -> String {
        guard let usd else { return "-" }
        if usd == 0 { return "$0" }
        if usd < 0.01 { return String(format: "$%.4f", usd) }
        if usd < 10 { return String(format: "$%.3f", usd) }
        return String(format: "$%.2f", usd)
    }

    /// `512B`, `4.0K`, `1.2M`, `3.1G`.
    public static func size(_ bytes: Int64) -> String {
        let b = Double(bytes)
        if bytes < 1024 { return "\(bytes)B" }
        if b < 1024 * 1024 { return String(format: "%.1fK", b / 1024) }
        if b < 1024 * 1024 * 1024 { return String(format: "%.1fM", b / 1024 / 1024) }
        return String(format: "%.1fG", b / 1024 / 1024 / 1024)
    }

    /// `12:04:05` in UTC (the TUI's clock; tests fix the date).
    public static func clock(_ date: Date) -> String {
        let t = Int(date.timeIntervalSince1970.rounded(.down))
        let day = ((t % 86_400) + 86_400) % 86_400
        return "\(two(day / 3600)):\(two(day % 3600 / 60)):\(two(day % 60))"
    }

    /// The icon of a status.
    public static func icon(_ status: TaskStatus) -> String {
        switch status {
        case .queued: return "◦"
        case .starting: return "◌"
        case .running: return "●"
        case .waiting: return "⚑"
        case .succeeded: return "✓"
        case .failed: return "✗"
        case .cancelled: return "⊘"
        }
    }

    /// The spinner frame for a moment (10 frames a second).
    public static func spinner(_ now: Date) -> String {
        let frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
        let index = Int((now.timeIntervalSince1970 * 10).rounded(.down)) % frames.count
        return frames[(index + frames.count) % frames.count]
    }

    private static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
