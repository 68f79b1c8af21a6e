import Foundation
import RClaudeTerminal

/// Decodes theme files (`themes/*.json`) over a built-in theme.
///
/// A theme file looks like this; every key is optional:
///
///     {
///       "name": "solarized",
///       "base": "dark",
///       "roles": {
///         "status.running": "#ffaf00",
///         "pane.border.focused": {"fg": "#5fafff", "bold": true},
///         "statusBar": {"fg": 250, "bg": "#303030"}
///       },
///       "terminal": {"ansi": ["black", "red", …16 colours]}
///     }
///
/// Roles the file leaves out come from `base` (`dark` unless the file says otherwise). A mistake
/// never loses the whole theme: the bad field is skipped and reported with the file and field name.
/// Decoding is pure; reading the files is the caller's job.
public enum ThemeLoader {
    /// A decoded theme and the problems found in its file.
    public struct Result: Sendable {
        /// The theme (nil when the file is not a JSON object at all).
        public var theme: Theme?
        /// Messages naming the file and field, to show the user.
        public var problems: [String]
    }

    static let styleKeys: Set<String> = [
        "fg", "bg", "bold", "dim", "italic", "underline", "reverse", "inverse", "strikethrough", "overline", "blink",
    ]

    /// Decodes one theme file.
    /// - Parameters:
    ///   - data: The file's bytes.
    ///   - source: The file's name, used in messages and as the default theme name.
    ///   - bases: The themes a file may name as `base`.
    /// - Returns: The theme and any problems.
    public static func decode(_ data: Data, source: String, bases: [Theme] = Theme.builtIns) -> Result {
        let fallbackName = Self.themeName(fromFile: source)
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            return Result(
                theme: nil,
                problems: ["\(source): not valid JSON (\(error.localizedDescription)); using the default theme"])
        }
        guard let root = object as? [String: Any] else {
            return Result(theme: nil, problems: ["\(source): a theme must be a JSON object; using the default theme"])
        }
        var problems: [String] = []
        for key in root.keys.sorted() where !["name", "base", "roles", "terminal", "description"].contains(key) {
            problems.append("\(source): unknown field '\(key)' (expected name, base, roles, terminal)")
        }
        var name = fallbackName
        if let value = root["name"] {
            if let text = value as? String, !text.isEmpty {
                name = text
            } else {
                problems.append("\(source): 'name' must be a non-empty string")
            }
        }
        var base = Theme.dark
        if let value = root["base"] {
            if let text = value as? String, let found = bases.first(where: { $0.name == text }) {
                base = found
            } else {
                let known = bases.map(\.name).joined(separator: ", ")
                problems.append("\(source): 'base' must name a built-in theme (\(known)); using dark")
            }
        }
        var theme = base
        theme.name = name
        if let value = root["roles"] {
            if let roles = value as? [String: Any] {
                for key in roles.keys.sorted() {
                    guard let role = ThemeRole(rawValue: key) else {
                        problems.append("\(source): roles.\(key): unknown role")
                        continue
                    }
                    guard let entry = roles[key] else { continue }
                    if let style = decodeStyle(entry, field: "roles.\(key)", source: source, problems: &problems) {
                        theme.styles[role] = style
                    }
                }
            } else {
                problems.append("\(source): 'roles' must be an object of role names to styles")
            }
        }
        if let value = root["terminal"] {
            if let terminal = value as? [String: Any] {
                if let ansiValue = terminal["ansi"] {
                    if let list = ansiValue as? [Any], list.count == 16 {
                        var ansi = theme.ansi
                        for (i, entry) in list.enumerated() {
                            if let color = ThemeColorParser.parse(entry) {
                                ansi[i] = color
                            } else {
                                problems.append("\(source): terminal.ansi[\(i)]: '\(entry)' is not a colour")
                            }
                        }
                        theme.ansi = ansi
                    } else {
                        problems.append("\(source): terminal.ansi must be a list of 16 colours")
                    }
                }
            } else {
                problems.append("\(source): 'terminal' must be an object")
            }
        }
        return Result(theme: theme, problems: problems)
    }

    /// The theme name for a file name: `themes/high-contrast.json` → `high-contrast`.
    public static func themeName(fromFile path: String) -> String {
        var name = path.split(separator: "/").last.map(String.init) ?? path
        if name.hasSuffix(".json") { name.removeLast(5) }
        return name
    }

    static func decodeStyle(_ value: Any, field: String, source: String, problems: inout [String]) -> CellStyle? {
        if let color = ThemeColorParser.parse(value), !(value is [String: Any]) {
            return CellStyle(foreground: color)
        }
        guard let object = value as? [String: Any] else {
            problems.append(
                "\(source): \(field): '\(value)' is not a colour or a style object (use #rrggbb, 0–255, a name like 'red', or {\"fg\": …, \"bg\": …, \"bold\": true})"
            )
            return nil
        }
        var style = CellStyle()
        for key in object.keys.sorted() where !styleKeys.contains(key) {
            problems.append(
                "\(source): \(field).\(key): unknown style field (expected \(styleKeys.sorted().joined(separator: ", ")))"
            )
        }
        for key in ["fg", "bg"] {
            guard let entry = object[key] else { continue }
            guard let color = ThemeColorParser.parse(entry) else {
                problems.append(
                    "\(source): \(field).\(key): '\(entry)' is not a colour (use #rrggbb, 0–255 or a name like 'red')")
                continue
            }
            if key == "fg" { style.foreground = color } else { style.background = color }
        }
        let flags: [(String, CellAttributes)] = [
            ("bold", .bold), ("dim", .dim), ("italic", .italic), ("reverse", .inverse), ("inverse", .inverse),
            ("strikethrough", .strikethrough), ("overline", .overline), ("blink", .blink),
        ]
        for (key, attribute) in flags {
            guard let entry = object[key] else { continue }
            guard let on = entry as? Bool else {
                problems.append("\(source): \(field).\(key): must be true or false")
                continue
            }
            if on { style.attributes.insert(attribute) }
        }
        if let entry = object["underline"] {
            if let on = entry as? Bool {
                style.underline = on ? .single : .none
            } else {
                problems.append("\(source): \(field).underline: must be true or false")
            }
        }
        return style
    }

    /// A theme file's text for a theme (used to write the shipped files and in tests).
    /// - Parameters:
    ///   - theme: The theme.
    ///   - base: The base named in the file, if any.
    /// - Returns: JSON text, roles in declaration order.
    public static func encode(_ theme: Theme, base: String? = nil) -> String {
        var lines: [String] = []
        lines.append("{")
        lines.append("  \"name\": \"\(theme.name)\",")
        if let base { lines.append("  \"base\": \"\(base)\",") }
        lines.append("  \"roles\": {")
        let roles = ThemeRole.allCases
        for (i, role) in roles.enumerated() {
            let style = theme[role]
            var fields: [String] = []
            if style.foreground != .default {
                fields.append("\"fg\": \"\(ThemeColorParser.format(style.foreground))\"")
            }
            if style.background != .default {
                fields.append("\"bg\": \"\(ThemeColorParser.format(style.background))\"")
            }
            let flags: [(String, CellAttributes)] = [
                ("bold", .bold), ("dim", .dim), ("italic", .italic), ("reverse", .inverse),
                ("strikethrough", .strikethrough), ("overline", .overline), ("blink", .blink),
            ]
            for (key, attribute) in flags where style.attributes.contains(attribute) {
                fields.append("\"\(key)\": true")
            }
            if style.underline != .none { fields.append("\"underline\": true") }
            let comma = i == roles.count - 1 ? "" : ","
            lines.append("    \"\(role.rawValue)\": {\(fields.joined(separator: ", "))}\(comma)")
        }
        lines.append("  },")
        let ansi = theme.ansi.map { "\"\(ThemeColorParser.format($0))\"" }.joined(separator: ", ")
        lines.append("  \"terminal\": {\"ansi\": [\(ansi)]}")
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }
}
