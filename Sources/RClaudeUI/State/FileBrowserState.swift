import RClaudeCore

/// The file browser's state: a lazily loaded workspace tree, the changed files, and a preview.
public struct FileBrowserState: Sendable, Equatable {
    /// What the left side lists.
    public enum Mode: Sendable, Equatable {
        /// The workspace tree.
        case tree
        /// The changed files (git status).
        case changes
    }

    /// What the right side shows.
    public struct Preview: Sendable, Equatable {
        /// What kind of content.
        public enum Kind: Sendable, Equatable {
            /// A file's text, shown with line numbers.
            case file
            /// A unified diff, coloured.
            case diff
            /// A file that is not text.
            case binary
            /// Loading.
            case loading
            /// It could not be read.
            case error(String)
        }

        /// The path shown.
        public var path: String
        /// What kind of content.
        public var kind: Kind
        /// The lines (sanitized).
        public var lines: [String]
        /// The first visible line.
        public var scrollTop = 0

        /// Creates a preview.
        public init(path: String, kind: Kind, lines: [String] = []) {
            self.path = path
            self.kind = kind
            self.lines = lines
        }
    }

    /// The task whose workspace this is.
    public var taskID: TaskID?
    /// Tree or changes.
    public var mode = Mode.tree
    /// Loaded directories: path (`""` is the root) → entries.
    public var directories: [String: [FileEntry]] = [:]
    /// Expanded directories.
    public var expanded: Set<String> = [""]
    /// The changed files, once loaded.
    public var changes: [FileChange] = []
    /// Whether `changes` was loaded.
    public var changesLoaded = false
    /// The selected row of the list.
    public var selected = 0
    /// The first visible row of the list.
    public var scrollTop = 0
    /// The preview.
    public var preview: Preview?
    /// Whether keys scroll the preview (Right/l) instead of moving in the list (Left/h).
    public var previewFocused = false
    /// The latest error (a workspace that vanished, …).
    public var error: String?

    /// Creates an empty browser state.
    public init() {}

    /// One row of the tree.
    public struct Row: Sendable, Equatable {
        /// The entry.
        public var entry: FileEntry
        /// Nesting depth (0 at the root).
        public var depth: Int
        /// Whether the directory is expanded.
        public var isExpanded: Bool
        /// The git status of the file, if changed.
        public var change: String?
    }

    /// The tree flattened to rows, following expanded directories.
    public var treeRows: [Row] {
        var rows: [Row] = []
        let changed = Dictionary(changes.map { ($0.path, $0.status) }, uniquingKeysWith: { a, _ in a })
        func visit(_ directory: String, depth: Int) {
            guard let entries = directories[directory] else { return }
            for entry in entries {
                let open = entry.isDirectory && expanded.contains(entry.path)
                rows.append(Row(entry: entry, depth: depth, isExpanded: open, change: changed[entry.path]))
                if open { visit(entry.path, depth: depth + 1) }
            }
        }
        visit("", depth: 0)
        return rows
    }

    /// Number of rows the list shows in the current mode.
    public var rowCount: Int { mode == .tree ? treeRows.count : changes.count }
}
