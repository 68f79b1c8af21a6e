import Foundation
import RClaudeCore

/// Where `config.json` lives and how it is read: `RCLAUDE_CONFIG` names it; otherwise it is
/// `config.json` under `RCLAUDE_HOME`, else under `$XDG_CONFIG_HOME/rclaude` (default
/// `~/.config/rclaude`). A missing file means the defaults.
public enum ConfigFile {
    /// The configuration file's path for `environment`.
    public static func path(environment: [String: String]) -> String {
        if let explicit = environment["RCLAUDE_CONFIG"], !explicit.isEmpty { return explicit }
        if let home = environment["RCLAUDE_HOME"], !home.isEmpty { return home + "/config.json" }
        let userHome = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? userHome + "/.config"
        return base + "/rclaude/config.json"
    }

    /// Reads the configuration (the defaults when there is no file).
    ///
    /// - Throws: `CoreError` `.invalidInput` naming the file and the key that is wrong.
    public static func load(environment: [String: String]) throws -> RClaudeConfig {
        let path = path(environment: environment)
        guard FileManager.default.fileExists(atPath: path) else {
            if environment["RCLAUDE_CONFIG"].map({ !$0.isEmpty }) == true {
                throw CoreError(code: .invalidInput, message: "RCLAUDE_CONFIG names \(path), which does not exist; create it or unset RCLAUDE_CONFIG")
            }
            return RClaudeConfig()
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CoreError(code: .storage, message: "cannot read \(path); check its permissions")
        }
        return try RClaudeConfig.parse(Array(data), source: path)
    }
}
