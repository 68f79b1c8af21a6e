import Foundation
import RClaudeCore
import RClaudeProviders
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A process started in an E2B sandbox through envd's `Process.Start` stream.
///
/// One task pumps the stream: `start` gives the pid, `data` events become output (stdout and
/// stderr apart, or the terminal's bytes as stdout under a PTY), `end` gives the exit status.
/// Input, stdin's end and resizes are unary calls made in order by a second task. When the
/// stream stops without an `end` event (the sandbox was killed or timed out, or the
/// connection broke), the process ends with code -1, a line on stderr and
/// `terminationReason` saying what happened, instead of hanging.
public final class E2BProcess: SupervisedProcess {
    /// The sandbox it runs in.
    public let sandboxID: String
    /// Whether it has a pseudo-terminal.
    public let tty: Bool
    /// Not a process group on this machine.
    public var processGroup: Int32? { nil }
    public let output: AsyncStream<ProcessOutput>
    private let envd: EnvdClient
    private let startResult = AsyncOnce<Result<UInt32, CoreError>>()
    private let exitBox = AsyncOnce<ProcessExit>()
    private let state = Shared()
    private let inputs: AsyncStream<Input>.Continuation

    private struct State {
        var reason: String?
        var pump: Task<Void, Never>?
        var inputClosed = false
    }

    /// The mutable state, shared with the pump task.
    private final class Shared: Sendable {
        let mutex = Mutex(State())
        func withLock<R>(_ body: (inout State) -> R) -> R { mutex.withLock { body(&$0) } }
    }

    /// Input operations, carried out in order.
    private enum Input: Sendable {
        case bytes([UInt8])
        case closeStdin
        case resize(TerminalSize)
    }

    /// Follows `events`, the stream of a `Start` call made through `envd`.
    ///
    /// - Parameters:
    ///   - explainLoss: turns the reason a stream stopped without an `end` event into the
    ///     message reported (the provider asks the control plane whether the sandbox is gone).
    init(
        sandboxID: String, tty: Bool, envd: EnvdClient, events: AsyncThrowingStream<EnvdProcessEvent, any Error>,
        explainLoss: @escaping @Sendable (String) async -> String
    ) {
        self.sandboxID = sandboxID
        self.tty = tty
        self.envd = envd
        let (output, continuation) = AsyncStream.makeStream(of: ProcessOutput.self, bufferingPolicy: .unbounded)
        self.output = output
        let (inputStream, inputs) = AsyncStream.makeStream(of: Input.self, bufferingPolicy: .unbounded)
        self.inputs = inputs

        let startResult = self.startResult
        let exitBox = self.exitBox
        let state = self.state
        let pump = Task {
            var end: EnvdProcessEnd?
            var failure: (any Error)?
            do {
                for try await event in events {
                    switch event {
                    case .start(let pid):
                        startResult.set(.success(pid))
                    case .data(let stream, let bytes):
                        guard !bytes.isEmpty else { continue }
                        continuation.yield(ProcessOutput(stream: stream == .stderr ? .stderr : .stdout, bytes: bytes))
                    case .end(let ended):
                        end = ended
                    case .keepalive:
                        continue
                    }
                }
            } catch {
                failure = error
            }
            let exit: ProcessExit
            var reason: String?
            if let end {
                exit = end.processExit
                if let error = end.error, !error.isEmpty { reason = "envd reported: \(error)" }
            } else if startResult.current == nil {
                let detail = failure.map(E2BErrors.message(of:)) ?? "the stream ended before the process started"
                let error =
                    (failure as? CoreError)
                    ?? CoreError(
                        code: .launch, message: "E2B sandbox \(sandboxID) could not start the process: \(detail)")
                startResult.set(.failure(error))
                reason = error.message
                exit = ProcessExit(code: -1, signaled: false)
            } else if Task.isCancelled {
                reason = "rclaude stopped following the process; it may still run in E2B sandbox \(sandboxID)"
                exit = ProcessExit(code: -1, signaled: false)
            } else {
                let detail = failure.map(E2BErrors.message(of:)) ?? "the stream ended without the process's end event"
                let explained = await Self.first(
                    of: { await explainLoss(detail) }, within: .seconds(20),
                    otherwise: "lost the process's stream from E2B sandbox \(sandboxID) (\(detail)); "
                        + "E2B did not say in time whether the sandbox still exists")
                reason = explained
                continuation.yield(ProcessOutput(stream: .stderr, bytes: Array("rclaude: \(explained)\n".utf8)))
                exit = ProcessExit(code: -1, signaled: false)
            }
            state.withLock { $0.reason = reason }
            continuation.finish()
            inputs.finish()
            exitBox.set(exit)
        }
        state.withLock { $0.pump = pump }

        Task {
            guard case .success(let pid) = await startResult.value() else { return }
            for await input in inputStream {
                switch input {
                case .bytes(let bytes): try? await envd.sendInput(pid: pid, bytes, pty: tty)
                case .closeStdin: try? await envd.closeStdin(pid: pid)
                case .resize(let size): try? await envd.resize(pid: pid, to: size)
                }
            }
        }
    }

    /// `work`'s result, or `fallback` when it takes longer than `limit`.
    private static func first(
        of work: @escaping @Sendable () async -> String, within limit: Duration, otherwise fallback: String
    ) async -> String {
        let result = AsyncOnce<String>()
        let worker = Task { result.set(await work()) }
        let timer = Task {
            try await Task.sleep(for: limit)
            result.set(fallback)
        }
        let value = await result.value()
        worker.cancel()
        timer.cancel()
        return value
    }

    /// The pid inside the sandbox, once started.
    public var pid: UInt32? {
        if case .success(let pid)? = startResult.current { return pid }
        return nil
    }

    /// Why the process ended abnormally (the sandbox was killed or timed out, the stream
    /// broke, envd reported an error), or nil after a normal exit or while it runs.
    public var terminationReason: String? { state.withLock { $0.reason } }

    /// Waits for the `start` event.
    ///
    /// - Returns: the pid.
    /// - Throws: `CoreError` when envd refused to start it or did not within `timeout`.
    func started(within timeout: Duration) async throws -> UInt32 {
        let startResult = self.startResult
        let sandboxID = self.sandboxID
        let timer = Task {
            try await Task.sleep(for: timeout)
            startResult.set(
                .failure(
                    CoreError(
                        code: .launch,
                        message: "envd of E2B sandbox \(sandboxID) did not start the process within \(timeout); "
                            + "check that the sandbox is running ('rclaude' kills and recreates it on the next run)")))
        }
        defer { timer.cancel() }
        switch await startResult.value() {
        case .success(let pid):
            return pid
        case .failure(let error):
            detach()
            throw error
        }
    }

    // MARK: - SandboxProcess

    public func wait() async -> ProcessExit { await exitBox.value() }

    /// The exit status, if the process has exited.
    public var exitIfDone: ProcessExit? { exitBox.current }

    /// Sends `signal`: SIGTERM and SIGKILL through envd; SIGINT under a PTY as Ctrl-C; other
    /// signals with `kill` run in the sandbox (to its process group when it leads one).
    public func signal(_ signal: Int32) {
        guard exitBox.current == nil, let pid else { return }
        if signal == SIGINT && tty {
            inputs.yield(.bytes([0x03]))
            return
        }
        let envd = self.envd
        Task {
            switch signal {
            case SIGKILL: try? await envd.sendSignal(pid: pid, .kill)
            case SIGTERM: try? await envd.sendSignal(pid: pid, .term)
            default:
                let script = "kill -\(signal) -\(pid) 2>/dev/null || kill -\(signal) \(pid)"
                let events = envd.startProcess(
                    EnvdStartRequest(process: EnvdProcessConfig(cmd: "/bin/sh", args: ["-c", script]), stdin: false))
                do { for try await _ in events {} } catch {}
            }
        }
    }

    // MARK: - InteractiveTerminal

    /// Writes to the process's stdin, or its terminal (ignored once stdin is closed).
    public func write(_ bytes: [UInt8]) {
        guard !bytes.isEmpty, !state.withLock({ $0.inputClosed }) else { return }
        inputs.yield(.bytes(bytes))
    }

    /// Resizes the terminal (ignored without one).
    public func resize(_ size: TerminalSize) {
        guard tty else { return }
        inputs.yield(.resize(size))
    }

    // MARK: - SupervisedProcess

    /// Closes the process's stdin after the input written so far (idempotent; nothing to
    /// close under a PTY).
    public func closeInput() {
        guard !tty else { return }
        let first = state.withLock { state in
            defer { state.inputClosed = true }
            return !state.inputClosed
        }
        if first { inputs.yield(.closeStdin) }
    }

    /// Stops following the process and aborts the stream; the process itself keeps running in
    /// the sandbox. `wait()` then returns code -1.
    public func detach() {
        state.withLock { $0.pump }?.cancel()
    }
}
