import RClaudeTerminal

/// A command the user can bind to keys in the config file (`"keys": {"quit": "Q"}`).
public enum Command: String, CaseIterable, Sendable, Hashable {
    /// Quit rclaude.
    case quit
    /// Show the keys of the focused pane.
    case help
    /// Open the command line.
    case command
    /// Filter the dashboard, or search the focused pane.
    case search
    /// Focus the next pane.
    case focusNext = "focus-next"
    /// Focus the previous pane.
    case focusPrevious = "focus-previous"
    /// Zoom the focused pane to the whole window and back.
    case zoom
    /// Switch to the next theme.
    case theme
    /// Open the new-task form.
    case newTask = "new"
    /// Cancel the selected task.
    case cancel
    /// Retry the selected task.
    case retry
    /// Delete the selected task.
    case delete
    /// Send a follow-up prompt to the selected task.
    case followUp = "follow-up"
    /// Attach the terminal pane (keys go to the task).
    case attach
    /// Open a shell in the selected task's workspace.
    case shell
    /// Cycle the dashboard's order.
    case sort
    /// Switch the file browser between the tree and the changed files.
    case changes
    /// Let the tool call the selected task waits on run.
    case approve
    /// Refuse the tool call the selected task waits on.
    case deny
    /// Stop the selected task's running turn.
    case interrupt
    /// Select the task of the latest notice (ended or needs you).
    case jump
    /// Bring a --repo task's changes into its repository as a branch.
    case pull

    /// What the command does, for the help overlay.
    public var summary: String {
        switch self {
        case .quit: return "quit"
        case .help: return "help for the focused pane"
        case .command: return "command line (:q, :theme, :new, :filter, :sort)"
        case .search: return "filter tasks / search the pane"
        case .focusNext: return "next pane"
        case .focusPrevious: return "previous pane"
        case .zoom: return "zoom the pane"
        case .theme: return "next theme"
        case .newTask: return "new task"
        case .cancel: return "cancel task"
        case .retry: return "retry task"
        case .delete: return "delete task"
        case .followUp: return "follow-up prompt"
        case .attach: return "attach the terminal"
        case .shell: return "shell in the workspace"
        case .sort: return "change the order"
        case .changes: return "tree / changed files"
        case .approve: return "approve the tool call (needs you)"
        case .deny: return "deny the tool call (needs you)"
        case .interrupt: return "interrupt the running turn"
        case .jump: return "jump to the latest finished or waiting task"
        case .pull: return "pull the task's changes into its repository (a new branch)"
        }
    }
}

/// Which key runs which command. Pane movement keys (j/k, arrows, g/G, PgUp/PgDn) are fixed.
public struct Keymap: Sendable, Equatable {
    /// The keys of each command.
    public private(set) var bindings: [Command: [KeyEvent]]

    /// The default bindings.
    public static let `default` = Keymap(bindings: [
        .quit: [KeyEvent(.character("q"))],
        .help: [KeyEvent(.character("?")), KeyEvent(.function(1))],
        .command: [KeyEvent(.character(":"))],
        .search: [KeyEvent(.character("/"))],
        .focusNext: [KeyEvent(.tab)],
        .focusPrevious: [KeyEvent(.tab, modifiers: .shift)],
        .zoom: [KeyEvent(.character("z"))],
        .theme: [KeyEvent(.character("t"))],
        .newTask: [KeyEvent(.character("n"))],
        .cancel: [KeyEvent(.character("c"))],
        .retry: [KeyEvent(.character("r"))],
        .delete: [KeyEvent(.character("d"))],
        .followUp: [KeyEvent(.character("p"))],
        .attach: [KeyEvent(.character("a"))],
        .shell: [KeyEvent(.character("s"))],
        .sort: [KeyEvent(.character("o"))],
        .changes: [KeyEvent(.character("D"))],
        .approve: [KeyEvent(.character("y"))],
        .deny: [KeyEvent(.character("x"))],
        .interrupt: [KeyEvent(.character("i"))],
        .jump: [KeyEvent(.character("J"))],
        .pull: [KeyEvent(.character("P"))],
    ])

    /// Creates a keymap.
    public init(bindings: [Command: [KeyEvent]]) {
        self.bindings = bindings
        rebuildIndex()
    }

    private var index: [KeyEvent: Command] = [:]

    private mutating func rebuildIndex() {
        index = [:]
        for command in Command.allCases {
            for key in bindings[command] ?? [] where index[key] == nil { index[key] = command }
        }
    }

    /// The command bound to a key.
    public func command(for event: KeyEvent) -> Command? {
        index[event]
    }

    /// The first key of a command, as a label (`q`, `^d`).
    public func label(_ command: Command) -> String {
        bindings[command]?.first.map(KeySpec.label) ?? "–"
    }

    /// The keymap with `overrides` (command name → key name or list of key names) applied.
    /// - Returns: The keymap and problems: unknown commands, unreadable keys, keys bound twice.
    public func applying(_ overrides: [String: [String]]) -> (Keymap, [String]) {
        var problems: [String] = []
        var result = bindings
        for name in overrides.keys.sorted() {
            guard let command = Command(rawValue: name) else {
                let known = Command.allCases.map(\.rawValue).joined(separator: ", ")
                problems.append("keys.\(name): unknown command (known: \(known))")
                continue
            }
            var keys: [KeyEvent] = []
            for text in overrides[name] ?? [] {
                if let key = KeySpec.parse(text) {
                    keys.append(key)
                } else {
                    problems.append("keys.\(name): cannot read the key '\(text)'")
                }
            }
            if !keys.isEmpty { result[command] = keys }
        }
        var owner: [KeyEvent: Command] = [:]
        for command in Command.allCases {
            for key in result[command] ?? [] {
                if let other = owner[key] {
                    problems.append(
                        "keys: '\(KeySpec.name(key))' is bound to both \(other.rawValue) and \(command.rawValue); \(other.rawValue) wins"
                    )
                } else {
                    owner[key] = command
                }
            }
        }
        return (Keymap(bindings: result), problems)
    }
}
