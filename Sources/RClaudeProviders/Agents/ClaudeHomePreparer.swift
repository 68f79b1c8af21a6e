import Foundation
import RClaudeCore
import RClaudeStore

/// Prepares `~/.claude.json` so an interactive Claude Code session in a task's workspace opens
/// straight at its prompt: onboarding marked done, the workspace trusted (rclaude made it, the
/// user asked to run there), the API key the task was given approved, and, for tasks that run
/// with `bypassPermissions`, that mode's warning accepted. Every other setting is kept; the file
/// is replaced atomically.
public struct ClaudeHomePreparer: Sendable {
    /// The file (`$HOME/.claude.json`).
    public let path: String

    /// The preparer for the home in `environment`.
    public init(environment: [String: String]) {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        path = home + "/.claude.json"
    }

    /// Merges the settings for a session in `workspace`.
    ///
    /// - Throws: `CoreError` when the file exists but is not a JSON object (it is left alone).
    public func prepare(workspace: String, apiKey: String?, bypassPermissions: Bool) throws {
        try withFileLock(path + ".rclaude-lock") {
            var settings: [String: Any] = [:]
            if PosixFile.exists(path) {
                let bytes = try PosixFile.read(path)
                guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
                    throw CoreError(
                        code: .damaged,
                        message: "\(path) is not a JSON object, so Claude Code's first-run prompts cannot be pre-answered; fix or remove it")
                }
                settings = object
            }
            let before = NSDictionary(dictionary: settings)
            settings["hasCompletedOnboarding"] = true
            if settings["theme"] == nil { settings["theme"] = "dark" }
            var projects = settings["projects"] as? [String: Any] ?? [:]
            var project = projects[workspace] as? [String: Any] ?? [:]
            project["hasTrustDialogAccepted"] = true
            projects[workspace] = project
            settings["projects"] = projects
            if let apiKey, apiKey.count >= 20 {
                var responses = settings["customApiKeyResponses"] as? [String: Any] ?? [:]
                var approved = responses["approved"] as? [String] ?? []
                let rejected = responses["rejected"] as? [String] ?? []
                let suffix = String(apiKey.suffix(20))
                if !approved.contains(suffix) && !rejected.contains(suffix) { approved.append(suffix) }
                responses["approved"] = approved
                if responses["rejected"] == nil { responses["rejected"] = rejected }
                settings["customApiKeyResponses"] = responses
            }
            if bypassPermissions { settings["bypassPermissionsModeAccepted"] = true }
            guard !before.isEqual(to: settings) else { return }
            let data = try JSONSerialization.data(withJSONObject: settings, options: [.sortedKeys, .prettyPrinted])
            try PosixFile.writeAtomically(path, Array(data))
        }
    }
}
