import RClaudeCore
import RClaudeTerminal

/// The workspace tree (or the changed files) beside a preview with line numbers or a coloured diff.
public struct FileBrowserView: View {
    /// Creates the view.
    public init() {}

    public func render(_ state: AppState, area: Rect, into grid: inout Grid, context: RenderContext) {
        guard !area.isEmpty else { return }
        let theme = context.theme
        let files = state.files
        let modeTitle =
            files.mode == .tree
            ? "tree · \(state.keymap.label(.changes)) changes" : "changes · \(state.keymap.label(.changes)) tree"
        let inner = PaneFrame.draw(.files, title: modeTitle, state: state, area: area, into: &grid, context: context)
        guard !inner.isEmpty else { return }
        guard state.selectedTask != nil, files.taskID != nil else {
            grid.writeCentered("no task selected", in: inner, y: inner.y + inner.height / 2, style: theme[.textDim])
            return
        }
        let listWidth = FileBrowserLayout.listWidth(inner.width)
        let list = inner.left(listWidth)
        let preview = inner.droppingLeft(listWidth + 1)
        for y in inner.y..<inner.maxY where listWidth < inner.width {
            grid.put("│", x: inner.x + listWidth, y: y, style: theme[.borderUnfocused])
        }
        drawList(files, area: list, grid: &grid, context: context)
        drawPreview(files, area: preview, grid: &grid, context: context)
    }

    func drawList(_ files: FileBrowserState, area: Rect, grid: inout Grid, context: RenderContext) {
        guard !area.isEmpty else { return }
        let theme = context.theme
        let heading: String
        if files.mode == .tree {
            heading = "workspace"
        } else {
            heading =
                files.changesLoaded
                ? "\(files.changes.count) changed file\(files.changes.count == 1 ? "" : "s")" : "changes…"
        }
        grid.write(
            TextLayout.truncate(heading, to: area.width), x: area.x, y: area.y, style: theme[.listHeader], clip: area)
        let rows = area.droppingTop(1)
        guard !rows.isEmpty else { return }
        if let error = files.error, files.directories.isEmpty {
            for (i, line) in TextLayout.wrap(error, width: rows.width).prefix(rows.height).enumerated() {
                grid.write(line, x: rows.x, y: rows.y + i, style: theme[.eventError], clip: rows)
            }
            return
        }
        let listFocused = context.isFocused && !files.previewFocused
        let selectedStyle = listFocused ? theme[.listSelected] : theme[.listSelectedUnfocused]
        switch files.mode {
        case .tree:
            let treeRows = files.treeRows
            if treeRows.isEmpty {
                let message = files.directories[""] == nil ? "loading…" : "(empty)"
                grid.write(message, x: rows.x, y: rows.y, style: theme[.textDim], clip: rows)
                return
            }
            for row in 0..<rows.height {
                let index = files.scrollTop + row
                guard index < treeRows.count else { break }
                let item = treeRows[index]
                let y = rows.y + row
                var base = CellStyle.default
                if index == files.selected {
                    base = selectedStyle
                    grid.fill(Rect(x: rows.x, y: y, width: rows.width, height: 1), style: base)
                }
                let indent = String(repeating: "  ", count: item.depth)
                let name = String(item.entry.path.split(separator: "/").last ?? "")
                let marker = item.entry.isDirectory ? (item.isExpanded ? "▾ " : "▸ ") : "  "
                let role: ThemeRole =
                    item.change != nil ? .fileChanged : item.entry.isDirectory ? .fileDirectory : .fileFile
                let size = item.entry.isDirectory ? "" : Format.size(item.entry.size)
                let sizeWidth = TextLayout.width(size)
                let nameText = TextLayout.truncate(
                    indent + marker + TextLayout.sanitize(name) + (item.entry.isDirectory ? "/" : ""),
                    to: max(0, rows.width - sizeWidth - 1))
                grid.write(nameText, x: rows.x, y: y, style: theme[role].over(base), clip: rows)
                if sizeWidth + 1 < rows.width {
                    grid.write(size, x: rows.maxX - sizeWidth, y: y, style: theme[.fileSize].over(base), clip: rows)
                }
            }
        case .changes:
            if files.changesLoaded && files.changes.isEmpty {
                grid.write(
                    "no changes (or not a git workspace)", x: rows.x, y: rows.y, style: theme[.textDim], clip: rows)
                return
            }
            for row in 0..<rows.height {
                let index = files.scrollTop + row
                guard index < files.changes.count else { break }
                let change = files.changes[index]
                let y = rows.y + row
                var base = CellStyle.default
                if index == files.selected {
                    base = selectedStyle
                    grid.fill(Rect(x: rows.x, y: y, width: rows.width, height: 1), style: base)
                }
                let statusRole: ThemeRole =
                    change.status.contains("D")
                    ? .diffRemoved
                    : change.status.contains("?") || change.status.contains("A") ? .diffAdded : .fileChanged
                let end = grid.write(
                    TextLayout.pad(change.status, to: 3), x: rows.x, y: y, style: theme[statusRole].over(base),
                    clip: rows)
                grid.write(
                    TextLayout.sanitize(change.path), x: end, y: y, style: theme[.fileFile].over(base), clip: rows)
            }
        }
    }

    func drawPreview(_ files: FileBrowserState, area: Rect, grid: inout Grid, context: RenderContext) {
        guard !area.isEmpty else { return }
        let theme = context.theme
        guard let preview = files.preview else {
            grid.write("Enter opens the selected file", x: area.x, y: area.y, style: theme[.textDim], clip: area)
            return
        }
        let headingRole: ThemeRole = context.isFocused && files.previewFocused ? .titleFocused : .listHeader
        let position = preview.lines.isEmpty ? "" : "  \(preview.scrollTop + 1)/\(preview.lines.count)"
        grid.write(
            TextLayout.truncate(TextLayout.sanitize(preview.path) + position, to: area.width), x: area.x, y: area.y,
            style: theme[headingRole], clip: area)
        let body = area.droppingTop(1)
        guard !body.isEmpty else { return }
        switch preview.kind {
        case .loading:
            grid.write("loading…", x: body.x, y: body.y, style: theme[.textDim], clip: body)
        case .error(let message):
            for (i, line) in TextLayout.wrap(message, width: body.width).prefix(body.height).enumerated() {
                grid.write(line, x: body.x, y: body.y + i, style: theme[.eventError], clip: body)
            }
        case .binary:
            grid.write(preview.lines.first ?? "binary file", x: body.x, y: body.y, style: theme[.textDim], clip: body)
        case .file:
            let digits = max(3, String(preview.lines.count).count)
            for row in 0..<body.height {
                let index = preview.scrollTop + row
                guard index < preview.lines.count else { break }
                let y = body.y + row
                let end = grid.write(
                    TextLayout.padLeft(String(index + 1), to: digits) + " ", x: body.x, y: y, style: theme[.lineNumber],
                    clip: body)
                grid.write(preview.lines[index], x: end, y: y, style: theme[.text], clip: body)
            }
        case .diff:
            for row in 0..<body.height {
                let index = preview.scrollTop + row
                guard index < preview.lines.count else { break }
                let line = preview.lines[index]
                grid.write(
                    line, x: body.x, y: body.y + row, style: theme[FilePreviewBuilder.role(forDiffLine: line)],
                    clip: body)
            }
        }
    }
}
