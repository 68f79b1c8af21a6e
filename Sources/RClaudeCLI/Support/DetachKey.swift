import RClaudeUI

extension DetachKey {
    /// The detach key from `RCLAUDE_DETACH_KEY` (e.g. `ctrl-]`, `C-q`, `^T`), else Ctrl-\.
    static func fromEnvironment(_ environment: [String: String]) -> DetachKey {
        guard let text = environment["RCLAUDE_DETACH_KEY"], !text.isEmpty else { return .default }
        if let key = DetachKey.parse(text) { return key }
        StandardStreams.warn("RCLAUDE_DETACH_KEY='\(text)' is not a control key like 'ctrl-]'; using Ctrl-\\")
        return .default
    }
}
