import RClaudeCore

extension AppReducer {
    /// `/` in the terminal pane: the nearest line above the view (then from the bottom) that
    /// contains `text`, case-insensitively, scrolled to the top of the pane.
    static func searchTerminal(_ state: inout AppState, _ text: String) {
        guard let id = state.selectedTask?.id, var pane = state.terminals[id] else {
            setFlash(&state, "no terminal output to search", .info)
            return
        }
        let needle = text.lowercased()
        let emulator = pane.emulator
        let history = emulator.scrollbackCount
        let screen = emulator.lines
        let total = history + screen.count
        func line(_ index: Int) -> String { index < history ? emulator.scrollbackLine(index) : screen[index - history] }
        let top = history - pane.scrollBack
        let order = Array(stride(from: top - 1, through: 0, by: -1)) + Array(stride(from: total - 1, through: max(top, 0), by: -1))
        guard let found = order.first(where: { line($0).lowercased().contains(needle) }) else {
            setFlash(&state, "'\(text)' is not in the terminal's output", .info)
            return
        }
        pane.scrollBack = found < history ? history - found : 0
        state.terminals[id] = pane
        setFlash(&state, "'\(text)' at line \(found + 1) of \(total)", .info)
    }

    /// `/` in the files pane: the next preview line (after the top one, wrapping) that contains
    /// `text`, case-insensitively, scrolled to the top.
    static func searchPreview(_ state: inout AppState, _ text: String) {
        guard var preview = state.files.preview, !preview.lines.isEmpty else {
            setFlash(&state, "open a file (⏎) to search its preview", .info)
            return
        }
        let needle = text.lowercased()
        let count = preview.lines.count
        let order = (1...count).map { (preview.scrollTop + $0) % count }
        guard let found = order.first(where: { preview.lines[$0].lowercased().contains(needle) }) else {
            setFlash(&state, "'\(text)' is not in \(preview.path)", .info)
            return
        }
        preview.scrollTop = found
        state.files.preview = preview
        state.files.previewFocused = true
        setFlash(&state, "'\(text)' at line \(found + 1) of \(count)", .info)
    }
}
