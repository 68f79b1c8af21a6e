import Foundation

/// The TUI's settings file (`$XDG_CONFIG_HOME/rclaude/tui.json`), decoded without I/O:
///
///     {"theme": "light", "mouse": true, "detachKey": "ctrl-]", "notify": "osc9", "keys": {"quit": "Q", "new": ["n", "ctrl-n"]}}
///
/// Unknown keys, unreadable values and conflicting bindings are reported, never fatal.
public struct TUIConfig: Sendable, Equatable {
    /// The theme to start with.
    public var theme: String?
    /// Whether to capture the mouse.
    public var mouse: Bool?
    /// The detach key of terminal panes.
    public var detachKey: DetachKey?
    /// Key overrides: command name → key names.
    public var keys: [String: [String]] = [:]
    /// How to notify when a task ends or needs the user.
    public var notify: NotificationMode?

    /// No settings.
    public init() {}

    /// Decodes a settings file.
    /// - Returns: The settings and problems naming the file and field.
    public static func decode(_ data: Data, source: String) -> (TUIConfig, [String]) {
        var config = TUIConfig()
        var problems: [String] = []
        guard let object = try? JSONSerialization.jsonObject(with: data), let root = object as? [String: Any] else {
            return (config, ["\(source): not a JSON object; settings ignored"])
        }
        for key in root.keys.sorted() {
            let value = root[key] as Any
            switch key {
            case "theme":
                if let text = value as? String {
                    config.theme = text
                } else {
                    problems.append("\(source): theme must be a string")
                }
            case "mouse":
                if let flag = value as? Bool {
                    config.mouse = flag
                } else {
                    problems.append("\(source): mouse must be true or false")
                }
            case "detachKey":
                if let text = value as? String, let parsed = DetachKey.parse(text) {
                    config.detachKey = parsed
                } else {
                    problems.append(
                        "\(source): detachKey must be a control key like \"ctrl-]\" (not Ctrl-b, which Claude Code uses)"
                    )
                }
            case "notify":
                if let text = value as? String, let mode = NotificationMode(rawValue: text) {
                    config.notify = mode
                } else {
                    problems.append("\(source): notify must be \"off\", \"bell\" or \"osc9\"")
                }
            case "keys":
                guard let keys = value as? [String: Any] else {
                    problems.append("\(source): keys must be an object of command names to keys")
                    continue
                }
                for (name, binding) in keys {
                    if let one = binding as? String {
                        config.keys[name] = [one]
                    } else if let many = binding as? [String] {
                        config.keys[name] = many
                    } else {
                        problems.append("\(source): keys.\(name) must be a key name or a list of them")
                    }
                }
            default:
                problems.append("\(source): unknown setting '\(key)' (known: theme, mouse, detachKey, keys, notify)")
            }
        }
        if let key = config.detachKey, key.event == KeySpec.parse("ctrl-b") {
            problems.append("\(source): detachKey Ctrl-b is Claude Code's own key; using Ctrl-\\ instead")
            config.detachKey = nil
        }
        return (config, problems)
    }
}
