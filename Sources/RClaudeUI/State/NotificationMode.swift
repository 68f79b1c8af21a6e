import RClaudeCore

/// How the user's own terminal is told that a task finished, failed or needs them (opt-in).
public enum NotificationMode: String, Sendable, Equatable, CaseIterable {
    /// Nothing (the default).
    case off
    /// The terminal bell (BEL).
    case bell
    /// A desktop notification through OSC 9 (iTerm2, kitty, WezTerm, Windows Terminal, …).
    case osc9

    /// The notice for a task that moved from `old` to its current status, if it is one worth
    /// telling: it ended, or it waits for the user. Task text is untrusted: only printable
    /// characters are kept, and at most 80 of them.
    public static func message(for task: TaskRecord, from old: TaskStatus) -> String? {
        guard old != task.status else { return nil }
        let what: String
        switch task.status {
        case .succeeded: what = "succeeded"
        case .failed: what = "failed"
        case .waiting: what = "needs you (\(task.pendingPermission?.toolName ?? "a tool call"))"
        case .cancelled, .queued, .starting, .running: return nil
        }
        let prompt = String(printable(task.latestPrompt).prefix(80))
        return "rclaude: task \(task.id.rawValue.prefix(8)) \(what): \(prompt)"
    }

    /// `text` without C0 and C1 control characters (ESC, BEL, CSI…), so it cannot act on the
    /// terminal it is written to.
    public static func printable(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F && !(0x80...0x9F).contains($0.value) }))
    }
}
