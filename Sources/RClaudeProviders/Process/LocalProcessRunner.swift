import CRClaudeSystem
import Foundation
import RClaudeCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts processes on this machine: with pipes (headless) or under a new PTY (interactive).
/// The only type in rclaude that creates processes.
public struct LocalProcessRunner: Sendable {
    /// Creates a runner.
    public init() {}

    /// Starts `executable` (an absolute path) with `arguments`.
    ///
    /// - Parameters:
    ///   - environment: the complete environment of the child.
    ///   - directory: the working directory.
    ///   - terminal: a PTY size for interactive processes; `nil` for pipes.
    ///   - mergeStderr: send stderr into the stdout pipe.
    ///   - keepStdinOpen: give the child a stdin pipe (else /dev/null).
    ///   - stdoutSink: takes stdout on the reading thread (see `StdoutSink`).
    /// - Throws: `ProviderError` `.launchFailed` with the system's reason.
    public func spawn(
        executable: String, arguments: [String], environment: [String: String], directory: String?,
        terminal: TerminalSize?, mergeStderr: Bool = false, keepStdinOpen: Bool = false,
        standardInput: [UInt8]? = nil, stdoutSink: StdoutSink? = nil
    ) throws -> LocalProcess {
        let argv = [executable] + arguments
        let envp = environment.map { "\($0.key)=\($0.value)" }.sorted()
        return try withCStrings(argv) { cArgv in
            try withCStrings(envp) { cEnvp in
                if let terminal {
                    var master: Int32 = -1
                    let pid = crclaude_spawn_pty(
                        executable, cArgv, cEnvp, directory, UInt16(clamping: terminal.rows),
                        UInt16(clamping: terminal.cols), &master)
                    guard pid > 0 else { throw launchError(executable, errno: -pid) }
                    let readerFD = dup(master)
                    return LocalProcess(
                        pid: pid, readers: [(readerFD, .stdout)], ptyMaster: master, stdinWriter: nil, stdoutSink: stdoutSink)
                }
                let out = try makePipe()
                let err = mergeStderr ? nil : try makePipe()
                let input = keepStdinOpen || standardInput != nil ? try makePipe() : nil
                let pid = crclaude_spawn(
                    executable, cArgv, cEnvp, directory, input?.read ?? -1, out.write, err?.write ?? out.write, 0)
                close(out.write)
                if let err { close(err.write) }
                if let input { close(input.read) }
                guard pid > 0 else {
                    close(out.read)
                    if let err { close(err.read) }
                    if let input { close(input.write) }
                    throw launchError(executable, errno: -pid)
                }
                if let standardInput, let writer = input?.write {
                    // Feed the bytes from a thread, then close: the child may read slowly.
                    let owned = dup(writer)
                    close(writer)
                    Thread.detachNewThread {
                        try? PosixWrite.all(owned, standardInput)
                        close(owned)
                    }
                    var readers: [(Int32, ProcessOutput.Stream)] = [(out.read, .stdout)]
                    if let err { readers.append((err.read, .stderr)) }
                    return LocalProcess(pid: pid, readers: readers, ptyMaster: nil, stdinWriter: nil, stdoutSink: stdoutSink)
                }
                var readers: [(Int32, ProcessOutput.Stream)] = [(out.read, .stdout)]
                if let err { readers.append((err.read, .stderr)) }
                return LocalProcess(
                    pid: pid, readers: readers, ptyMaster: nil, stdinWriter: input?.write, stdoutSink: stdoutSink)
            }
        }
    }

    /// Spawns a process that outlives this one (a new session, stdio on /dev/null or a log file).
    ///
    /// - Returns: its pid.
    public func spawnDetached(
        executable: String, arguments: [String], environment: [String: String], logFile: String?
    ) throws -> Int32 {
        let argv = [executable] + arguments
        let envp = environment.map { "\($0.key)=\($0.value)" }.sorted()
        var logFD: Int32 = -1
        if let logFile { logFD = open(logFile, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600) }
        defer { if logFD >= 0 { close(logFD) } }
        let pid = try withCStrings(argv) { cArgv in
            try withCStrings(envp) { cEnvp in
                crclaude_spawn(executable, cArgv, cEnvp, nil, -1, logFD, logFD, 1)
            }
        }
        guard pid > 0 else { throw launchError(executable, errno: -pid) }
        // Reap it in the background if this process lives long enough to see it exit.
        Thread.detachNewThread {
            var status: Int32 = 0
            var signaled: Int32 = 0
            _ = crclaude_wait(pid, 0, &status, &signaled)
        }
        return pid
    }

    private func makePipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else {
            throw ProviderError(code: .launchFailed, message: "cannot create a pipe: \(String(cString: strerror(errno)))")
        }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        return (fds[0], fds[1])
    }

    private func launchError(_ executable: String, errno code: Int32) -> ProviderError {
        let reason = String(cString: strerror(code))
        let hint: String
        switch code {
        case ENOENT: hint = "; check that it exists (and, for a workspace, that the directory exists)"
        case EACCES: hint = "; check that it is executable and the workspace is readable"
        default: hint = ""
        }
        return ProviderError(code: .launchFailed, message: "cannot start \(executable): \(reason)\(hint)")
    }
}

/// Calls `body` with a NULL-terminated C array of the strings.
func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) throws -> R) rethrows -> R {
    let pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) } + [nil]
    defer { for p in pointers { free(p) } }
    return try body(pointers)
}
