import RClaudeProviders

/// The CLI's door to starting background processes.
enum LocalProcessRunnerFacade {
    static func spawnDetached(executable: String, arguments: [String], environment: [String: String], logFile: String?)
        throws -> Int32
    {
        try LocalProcessRunner().spawnDetached(
            executable: executable, arguments: arguments, environment: environment, logFile: logFile)
    }
}
