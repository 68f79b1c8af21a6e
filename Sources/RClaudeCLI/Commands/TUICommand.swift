import ArgumentParser
import Foundation
import RClaudeCore
import RClaudeCurses
import RClaudeProviders
import RClaudeUI

/// `rclaude tui`: the full-screen terminal UI over every task.
struct TUICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "Open the full-screen terminal UI: dashboard, live task detail, terminals and files.",
        discussion: """
            Settings live in $XDG_CONFIG_HOME/rclaude/tui.json (theme, mouse, detachKey, keys, notify) and user \
            themes in $XDG_CONFIG_HOME/rclaude/themes/*.json. Press ? inside for the keys.
            """)

    @Option(help: "The theme: dark, light, high-contrast, or the name of a theme file.") var theme: String?
    @Flag(help: "Leave the mouse to the terminal (no clicks or wheel in the UI).") var noMouse = false

    func run() async throws {
        let env = try LiveEnvironment.make()
        let environment = env.environment
        let remotes = RemoteTasks(env: env)
        let service: any TaskService =
            remotes.services.isEmpty
            ? env.service
            : CompositeTaskService(
                [.init(provider: "local", service: env.service)]
                    + remotes.services.map { .init(provider: $0.api.endpoint.providerName, service: $0) })
        var problems: [String] = []

        let configDirectory = TUIFiles.configDirectory(environment)
        var config = TUIConfig()
        let configPath = configDirectory + "/tui.json"
        if let data = FileManager.default.contents(atPath: configPath) {
            let decoded = TUIConfig.decode(data, source: configPath)
            config = decoded.0
            problems += decoded.1
        }
        let loaded = TUIFiles.loadThemes(
            directories: TUIFiles.themeDirectories(
                environment, configDirectory: configDirectory, executable: env.executablePath))
        problems += loaded.problems
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        var themes = loaded.themes
        let wanted = theme ?? config.theme
        var startTheme: Theme
        if let wanted {
            if let found = themes.first(where: { $0.name == wanted }) {
                startTheme = found
            } else {
                throw ValidationError("no theme '\(wanted)'; have: \(themes.map(\.name).joined(separator: ", "))")
            }
        } else if let dark = CursesBackend.probeDarkBackground() {
            startTheme = themes.first { $0.name == (dark ? "dark" : "light") } ?? (dark ? .dark : .light)
        } else {
            startTheme = themes.first { $0.name == "dark" } ?? .dark
        }
        if noColor {
            startTheme = startTheme.withoutColors()
            themes = themes.map { $0.withoutColors() }
        }

        let (keymap, keyProblems) = Keymap.default.applying(config.keys)
        problems += keyProblems
        var detachKey = config.detachKey ?? .default
        if let text = environment["RCLAUDE_DETACH_KEY"], !text.isEmpty {
            if let parsed = RClaudeUI.DetachKey.parse(text) {
                detachKey = parsed
            } else {
                problems.append(
                    "RCLAUDE_DETACH_KEY='\(text)' is not a control key like 'ctrl-]'; using \(detachKey.label)")
            }
        }

        let backend = CursesBackend(
            options: CursesBackend.Options(mouse: !(noMouse || config.mouse == false), noColor: noColor))
        do {
            try backend.start()
        } catch {
            throw ValidationError("\(error)")
        }
        defer { backend.stop() }
        var state = AppState(
            size: await backend.size, now: Date(), theme: startTheme, themes: themes, keymap: keymap,
            detachKey: detachKey)
        state.notify = config.notify ?? .off
        if !problems.isEmpty {
            let more = problems.count > 1 ? " (+\(problems.count - 1) more, see stderr after quitting)" : ""
            state.flash = Flash(message: problems[0] + more, kind: .error, shownAt: state.now)
        }
        await AppLoop(backend: backend, service: service, initialState: state).run()
        backend.stop()
        for problem in problems { StandardStreams.warn(problem) }
    }
}

/// Where the TUI's settings and themes live, and reading them.
private enum TUIFiles {
    static func configDirectory(_ environment: [String: String]) -> String {
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty { return xdg + "/rclaude" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.config/rclaude"
    }

    /// Shipped themes first (beside the executable, or $RCLAUDE_THEMES_DIR), then the user's.
    static func themeDirectories(_ environment: [String: String], configDirectory: String, executable: String)
        -> [String]
    {
        var directories: [String] = []
        if let explicit = environment["RCLAUDE_THEMES_DIR"], !explicit.isEmpty { directories.append(explicit) }
        let bin = URL(fileURLWithPath: executable).deletingLastPathComponent()
        directories.append(bin.deletingLastPathComponent().appendingPathComponent("share/rclaude/themes").path)
        directories.append(configDirectory + "/themes")
        return directories
    }

    /// The built-in themes, replaced or extended by theme files found in `directories`.
    static func loadThemes(directories: [String]) -> (themes: [Theme], problems: [String]) {
        var themes = Theme.builtIns
        var problems: [String] = []
        for directory in directories {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { continue }
            for name in names.sorted() where name.hasSuffix(".json") {
                let path = directory + "/" + name
                guard let data = FileManager.default.contents(atPath: path) else {
                    problems.append("\(path): cannot be read")
                    continue
                }
                let result = ThemeLoader.decode(data, source: path)
                problems += result.problems
                guard let theme = result.theme else { continue }
                if let index = themes.firstIndex(where: { $0.name == theme.name }) {
                    themes[index] = theme
                } else {
                    themes.append(theme)
                }
            }
        }
        return (themes, problems)
    }
}
