import RClaudeCore
import RClaudeTerminal

// The file browser: lazily loading the workspace tree, the changed files, previews and diffs.

extension AppReducer {
    /// Loads the selected task's workspace when the file browser shows it.
    static func syncFiles(_ state: inout AppState) -> [Effect] {
        guard state.layout.panes[.files] != nil, let task = state.selectedTask else { return [] }
        guard state.files.taskID != task.id else { return [] }
        var files = FileBrowserState()
        files.taskID = task.id
        files.mode = state.files.mode
        state.files = files
        guard task.workspacePath != nil else {
            state.files.error = "task \(task.id) has no workspace yet"
            return []
        }
        return [.listFiles(task.id, directory: ""), .loadChanges(task.id)]
    }

    /// Reloads the tree and the changes of the browsed task.
    static func reloadFiles(_ state: inout AppState) -> [Effect] {
        guard let id = state.files.taskID else { return [] }
        let expanded = state.files.expanded
        state.files.directories = [:]
        state.files.changesLoaded = false
        var effects: [Effect] = [.loadChanges(id)]
        for directory in expanded.sorted() { effects.append(.listFiles(id, directory: directory)) }
        if let preview = state.files.preview {
            state.files.preview?.kind = .loading
            effects.append(
                preview.kind == .diff ? .loadDiff(id, path: preview.path) : .readFile(id, path: preview.path))
        }
        return effects
    }

    static func filesListHeight(_ state: AppState) -> Int {
        max(1, (innerRect(state, .files)?.height ?? 2) - 1)
    }

    static func clampFiles(_ state: inout AppState) {
        let count = state.files.rowCount
        let page = filesListHeight(state)
        state.files.selected = min(max(0, state.files.selected), max(0, count - 1))
        var top = min(state.files.scrollTop, max(0, count - page))
        if state.files.selected < top { top = state.files.selected }
        if state.files.selected >= top + page { top = state.files.selected - page + 1 }
        state.files.scrollTop = max(0, top)
    }

    static func scrollPreview(_ state: inout AppState, by delta: Int) {
        guard var preview = state.files.preview else { return }
        let page = filesListHeight(state)
        preview.scrollTop = min(max(0, preview.scrollTop + delta), max(0, preview.lines.count - page))
        state.files.preview = preview
    }

    static func handleFilesKey(_ state: inout AppState, _ key: KeyEvent) -> [Effect]? {
        guard let id = state.files.taskID else { return nil }
        let page = filesListHeight(state)
        let nav = Navigation.classify(key)
        if state.files.previewFocused {
            switch nav {
            case .down(let n): scrollPreview(&state, by: n)
            case .up(let n): scrollPreview(&state, by: -n)
            case .pageDown(let half): scrollPreview(&state, by: half ? page / 2 : page)
            case .pageUp(let half): scrollPreview(&state, by: -(half ? page / 2 : page))
            case .top: scrollPreview(&state, by: -Int.max / 2)
            case .bottom: scrollPreview(&state, by: Int.max / 2)
            case .left: state.files.previewFocused = false
            default:
                if key == KeyEvent(.escape) {
                    state.files.previewFocused = false
                } else if key == KeyEvent(.character("R")) {
                    return reloadFiles(&state)
                } else {
                    return nil
                }
            }
            return []
        }
        switch nav {
        case .down(let n): state.files.selected += n
        case .up(let n): state.files.selected -= n
        case .pageDown(let half): state.files.selected += half ? page / 2 : page
        case .pageUp(let half): state.files.selected -= half ? page / 2 : page
        case .top: state.files.selected = 0
        case .bottom: state.files.selected = state.files.rowCount - 1
        case .activate, .right:
            return openSelectedFile(&state, id, focusPreview: nav == .right)
        case .left:
            collapseSelected(&state)
        default:
            if key == KeyEvent(.character("R")) { return reloadFiles(&state) }
            return nil
        }
        clampFiles(&state)
        return []
    }

    static func openSelectedFile(_ state: inout AppState, _ id: TaskID, focusPreview: Bool) -> [Effect] {
        switch state.files.mode {
        case .changes:
            guard state.files.changes.indices.contains(state.files.selected) else { return [] }
            let change = state.files.changes[state.files.selected]
            if focusPreview, state.files.preview?.path == change.path {
                state.files.previewFocused = true
                return []
            }
            state.files.preview = FileBrowserState.Preview(path: change.path, kind: .loading)
            return [.loadDiff(id, path: change.path)]
        case .tree:
            let rows = state.files.treeRows
            guard rows.indices.contains(state.files.selected) else { return [] }
            let row = rows[state.files.selected]
            if row.entry.isDirectory {
                if row.isExpanded {
                    if !focusPreview { state.files.expanded.remove(row.entry.path) }
                    return []
                }
                state.files.expanded.insert(row.entry.path)
                return state.files.directories[row.entry.path] == nil ? [.listFiles(id, directory: row.entry.path)] : []
            }
            if focusPreview, state.files.preview?.path == row.entry.path {
                state.files.previewFocused = true
                return []
            }
            state.files.preview = FileBrowserState.Preview(path: row.entry.path, kind: .loading)
            return [.readFile(id, path: row.entry.path)]
        }
    }

    static func collapseSelected(_ state: inout AppState) {
        guard state.files.mode == .tree else { return }
        let rows = state.files.treeRows
        guard rows.indices.contains(state.files.selected) else { return }
        let row = rows[state.files.selected]
        if row.entry.isDirectory && row.isExpanded {
            state.files.expanded.remove(row.entry.path)
            return
        }
        let parent = row.entry.path.split(separator: "/").dropLast().joined(separator: "/")
        if !parent.isEmpty, let index = rows.firstIndex(where: { $0.entry.path == parent }) {
            state.files.selected = index
            state.files.expanded.remove(parent)
        }
    }

    static func toggleFilesMode(_ state: inout AppState) -> [Effect] {
        state.files.mode = state.files.mode == .tree ? .changes : .tree
        state.files.selected = 0
        state.files.scrollTop = 0
        state.files.previewFocused = false
        guard let id = state.files.taskID, state.files.mode == .changes else { return [] }
        return [.loadChanges(id)]
    }
}
