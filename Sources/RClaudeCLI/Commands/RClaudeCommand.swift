import ArgumentParser
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `rclaude` command: runs AI coding agents as tasks in sandboxes.
public struct RClaudeCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "rclaude",
        abstract: "Run AI coding agents (Claude Code, shell commands) as tasks in sandboxes, local or on remote hosts, and keep everything they do.",
        discussion: """
            With no arguments on a terminal, rclaude opens its full-screen UI (rclaude tui). \
            Tasks and their output are kept under $RCLAUDE_HOME, or the XDG data directory \
            (~/.local/share/rclaude) when it is not set. Task ids accept unique prefixes.
            """,
        version: RClaudeVersion.current,
        subcommands: [
            RunCommand.self, BatchCommand.self, ListCommand.self, DiffCommand.self, PullCommand.self, ShowCommand.self, LogsCommand.self, AttachCommand.self,
            SendCommand.self, ApproveCommand.self, DenyCommand.self, InterruptCommand.self, CancelCommand.self, RemoveCommand.self, TUICommand.self, DebugCommand.self,
            ServeCommand.self, RemoteCommand.self, ECSExecCommand.self, DoctorCommand.self, CostCommand.self, SuperviseCommand.self,
        ],
        defaultSubcommand: ListCommand.self
    )

    public init() {}
}

/// The version string.
public enum RClaudeVersion {
    /// This build's version.
    public static let current = "0.1.0"
}

/// The process entry point (`main.swift` calls it).
public enum RClaudeEntry {
    /// Parses the command line and runs the command.
    public static func main() async {
        // A child that exits early must not kill rclaude through a write to its stdin.
        signal(SIGPIPE, SIG_IGN)
        // Plain `rclaude` on a terminal opens the TUI; piped, it lists tasks.
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.isEmpty && isatty(0) == 1 && isatty(1) == 1 {
            await RClaudeCommand.main(["tui"])
            return
        }
        await RClaudeCommand.main(nil)
    }
}
