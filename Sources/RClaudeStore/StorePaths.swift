import Foundation

/// Where rclaude keeps its files.
///
/// With `RCLAUDE_HOME` set, everything lives under it (`data/`, `state/`). Otherwise tasks and
/// logs go to `$XDG_DATA_HOME/rclaude` (default `~/.local/share/rclaude`) and runtime state
/// (sockets, configuration of runs) to `$XDG_STATE_HOME/rclaude` (default `~/.local/state/rclaude`).
public struct StorePaths: Sendable, Equatable {
    /// Task records, output logs, events and managed workspaces.
    public var dataDirectory: String
    /// Sockets of running interactive tasks and other runtime files.
    public var stateDirectory: String

    /// Creates paths from explicit directories.
    public init(dataDirectory: String, stateDirectory: String) {
        self.dataDirectory = dataDirectory
        self.stateDirectory = stateDirectory
    }

    /// Resolves the directories from an environment.
    ///
    /// - Parameter environment: usually `ProcessInfo.processInfo.environment`.
    public static func resolve(environment: [String: String]) -> StorePaths {
        if let home = environment["RCLAUDE_HOME"], !home.isEmpty {
            return StorePaths(dataDirectory: home + "/data", stateDirectory: home + "/state")
        }
        let userHome = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        let data = environment["XDG_DATA_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? userHome + "/.local/share"
        let state = environment["XDG_STATE_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? userHome + "/.local/state"
        return StorePaths(dataDirectory: data + "/rclaude", stateDirectory: state + "/rclaude")
    }

    /// The directory holding one folder per task.
    public var tasksDirectory: String { dataDirectory + "/tasks" }
    /// Where damaged files are moved.
    public var quarantineDirectory: String { dataDirectory + "/damaged" }
    /// Where managed workspaces are created.
    public var workspacesDirectory: String { dataDirectory + "/workspaces" }
    /// Sockets of interactive tasks.
    public var socketsDirectory: String { stateDirectory + "/sockets" }

    /// The folder of one task.
    public func taskDirectory(_ id: String) -> String { tasksDirectory + "/" + id }
    /// A task's record.
    public func taskFile(_ id: String) -> String { taskDirectory(id) + "/task.json" }
    /// A task's raw output.
    public func outputFile(_ id: String) -> String { taskDirectory(id) + "/output.log" }
    /// A task's decoded events, one JSON object per line.
    public func eventsFile(_ id: String) -> String { taskDirectory(id) + "/events.jsonl" }
    /// A task's agent stderr.
    public func stderrFile(_ id: String) -> String { taskDirectory(id) + "/stderr.log" }
    /// The lock file that serializes writers of a task's record.
    public func lockFile(_ id: String) -> String { taskDirectory(id) + "/.lock" }
    /// The socket an interactive task's supervisor listens on.
    public func socketFile(_ id: String) -> String { socketsDirectory + "/" + id + ".sock" }
}
