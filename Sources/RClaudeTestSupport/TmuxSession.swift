import CRClaudeSystem
import Foundation

/// A tmux server on a private socket running one command, for end-to-end tests of full-screen
/// and raw-mode programs: type with `send`, read the screen with `capture`.
public final class TmuxSession: @unchecked Sendable {
    /// The private socket name (`tmux -L`).
    public let socket: String
    private let environment: [String: String]

    /// Starts `command` (a shell command line) in a detached session of `cols`×`rows`.
    public init(command: String, cols: Int = 100, rows: Int = 30, environment: [String: String]) throws {
        socket = "rclaude-test-\(UUID().uuidString.prefix(8).lowercased())"
        self.environment = environment
        // The tmux server forks off this client and would inherit (and hold open) output pipes:
        // start it with stdio on /dev/null and every other descriptor closed.
        let arguments = [
            "tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", String(cols), "-y", String(rows),
            command,
        ]
        let argv: [UnsafeMutablePointer<CChar>?] = (["/usr/bin/env"] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        let pid = crclaude_spawn("/usr/bin/env", argv, envp, nil, -1, -1, -1, 0)
        guard pid > 0 else { throw TmuxError(message: "cannot start tmux: error \(-pid)") }
        var status: Int32 = 0
        var signaled: Int32 = 0
        _ = crclaude_wait(pid, 0, &status, &signaled)
        guard status == 0 else {
            throw TmuxError(message: "tmux new-session failed with status \(status); is tmux installed?")
        }
    }

    /// Sends keys (tmux key names like `Enter`, `C-c`, or literal text with `literal: true`).
    public func send(_ keys: [String], literal: Bool = false) throws {
        _ = try tmux(["send-keys", "-t", "t"] + (literal ? ["-l"] : []) + keys)
    }

    /// The visible screen, one line per row, trailing spaces trimmed.
    public func capture() throws -> String {
        try tmux(["capture-pane", "-t", "t", "-p"]).stdout
    }

    /// Resizes the window.
    public func resize(cols: Int, rows: Int) throws {
        _ = try tmux(["resize-window", "-t", "t", "-x", String(cols), "-y", String(rows)])
    }

    /// Waits until the screen contains `text`.
    ///
    /// - Returns: the screen when it did, or throws with the last screen after `timeout` seconds.
    @discardableResult
    public func waitFor(_ text: String, timeout: TimeInterval = 15) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = ""
        while Date() < deadline {
            screen = try capture()
            if screen.contains(text) { return screen }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw TmuxError(message: "timed out waiting for '\(text)'; the screen was:\n\(screen)")
    }

    /// Stops the private tmux server.
    public func kill() { _ = try? tmux(["kill-server"]) }

    deinit { kill() }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> CommandResult {
        try CommandRunner.run("/usr/bin/env", ["tmux", "-L", socket] + arguments, environment: environment, timeout: 20)
    }

    /// tmux did not do what the test needed.
    public struct TmuxError: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }
}
