/// The body of `process.Process/Start` (`StartRequest` in process.proto, proto3 JSON).
public struct EnvdStartRequest: Sendable, Equatable, Encodable {
    /// What to run.
    public var process: EnvdProcessConfig
    /// A pseudo-terminal of this size, or nil for separate stdout/stderr pipes.
    public var pty: EnvdPTY?
    /// A tag to find the process by later.
    public var tag: String?
    /// Whether the process gets a stdin that `SendInput` writes to (envd ≥ 0.3.0 honours false).
    public var stdin: Bool?

    /// Creates a request.
    public init(process: EnvdProcessConfig, pty: EnvdPTY? = nil, tag: String? = nil, stdin: Bool? = nil) {
        self.process = process
        self.pty = pty
        self.tag = tag
        self.stdin = stdin
    }
}

/// A process to start (`ProcessConfig`).
public struct EnvdProcessConfig: Sendable, Equatable, Encodable {
    /// The program (envd looks a bare name up on PATH).
    public var cmd: String
    /// Its arguments.
    public var args: [String]
    /// Environment variables on top of the sandbox's.
    public var envs: [String: String]
    /// The working directory (the user's home when nil).
    public var cwd: String?

    /// Creates a config.
    public init(cmd: String, args: [String] = [], envs: [String: String] = [:], cwd: String? = nil) {
        self.cmd = cmd
        self.args = args
        self.envs = envs
        self.cwd = cwd
    }
}

/// A pseudo-terminal's size (`PTY{size{cols,rows}}`).
public struct EnvdPTY: Sendable, Equatable, Encodable {
    /// The size.
    public var size: Size

    /// Columns and rows.
    public struct Size: Sendable, Equatable, Encodable {
        public var cols: Int
        public var rows: Int
    }

    /// Creates a PTY of `cols`×`rows`.
    public init(cols: Int, rows: Int) {
        self.size = Size(cols: max(1, cols), rows: max(1, rows))
    }
}

/// The signals envd can send (`Signal` in process.proto).
public enum EnvdSignal: String, Sendable, Equatable, Encodable {
    /// SIGTERM.
    case term = "SIGNAL_SIGTERM"
    /// SIGKILL.
    case kill = "SIGNAL_SIGKILL"
}
