import RClaudeProviders

/// Liveness checks from the CLI.
enum ProcessAlive {
    static func check(_ pid: Int32) -> Bool { ProcessLiveness.isAlive(pid) }
}
