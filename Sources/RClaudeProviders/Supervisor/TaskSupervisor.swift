import Foundation
import RClaudeCore
import RClaudeStore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs one turn of a task from `queued` to its end: prepares the workspace, starts the agent,
/// keeps every output byte (`output.log`) and decoded event (`events.jsonl`) as it arrives,
/// and records the outcome in the cache through the lifecycle state machine.
///
/// The supervisor is the only writer of a running task's outcome. Other processes cancel by
/// setting `cancelRequestedAt` and signalling the agent's process group; the supervisor sees
/// the request when the agent exits and records `cancelled`.
public final class TaskSupervisor: Sendable {
    private let cache: any TaskCache
    private let paths: StorePaths
    private let provider: any SupervisedProvider
    private let machine = TaskLifecycleStateMachine()
    private let now: @Sendable () -> Date
    private let process = Mutex<(any SupervisedProcess)?>(nil)
    private let cancelRequested = Mutex(false)
    private let slots: ProviderSlots?
    private let sandboxDeath = Mutex<String?>(nil)
    /// How often a running turn's sandbox is checked (nil: never).
    public let healthInterval: Duration?
    /// How long the agent may ignore SIGTERM before SIGKILL.
    public let cancelGrace: Duration

    /// Creates a supervisor.
    public init(
        cache: any TaskCache, paths: StorePaths, provider: any SupervisedProvider, slots: ProviderSlots? = nil,
        healthInterval: Duration? = nil, cancelGrace: Duration = .seconds(5), now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.slots = slots
        self.healthInterval = healthInterval
        self.cache = cache
        self.paths = paths
        self.provider = provider
        self.cancelGrace = cancelGrace
        self.now = now
    }

    /// Runs the task's next turn.
    ///
    /// - Parameters:
    ///   - id: a `queued` task.
    ///   - terminal: the PTY size for interactive tasks.
    ///   - onStarted: called with the running process and its output log (interactive tasks serve both).
    ///   - onExit: called when the agent exited, before its output log is marked finished.
    ///   - onEvent: called with every decoded event, in order.
    /// - Returns: the final record.
    @discardableResult
    public func run(
        _ id: TaskID, terminal: TerminalSize? = nil,
        onStarted: @escaping @Sendable (any SupervisedProcess, OutputLog) -> Void = { _, _ in },
        onExit: @escaping @Sendable (ProcessExit) -> Void = { _ in },
        onEvent: @escaping @Sendable (AgentEvent) -> Void = { _ in }
    ) async throws -> TaskRecord {
        var final = try await runTurn(id, terminal: terminal, onStarted: onStarted, onExit: onExit, onEvent: onEvent)
        // The restart policy: a failed turn (not a cancelled one) runs again, up to the limit.
        while final.status == .failed, let limit = final.options.restartOnFailure, (final.restartCount ?? 0) < limit,
            !cancelRequested.withLock({ $0 })
        {
            let attempt = (final.restartCount ?? 0) + 1
            let notice = "restarting (\(attempt) of \(limit)) after: \(final.reason ?? "a failure")"
            appendEvent(.error(AgentError(message: notice)), to: id)
            onEvent(.error(AgentError(message: notice)))
            _ = try cache.update(id) { r in machine.apply(.restart, to: &r, now: now()) }
            final = try await runTurn(id, terminal: terminal, onStarted: onStarted, onExit: onExit, onEvent: onEvent)
        }
        return final
    }

    /// Runs one turn: waits for a queue slot, then the agent.
    private func runTurn(
        _ id: TaskID, terminal: TerminalSize?, onStarted: @escaping @Sendable (any SupervisedProcess, OutputLog) -> Void,
        onExit: @escaping @Sendable (ProcessExit) -> Void, onEvent: @escaping @Sendable (AgentEvent) -> Void
    ) async throws -> TaskRecord {
        let slot = try await waitForSlot(id)
        defer { withExtendedLifetime(slot) {} }
        if case .cancelled = slot { return try finishCancelled(id) }
        var record = try cache.update(id) { record in
            let outcome = machine.apply(.start, to: &record, now: now())
            if case .rejected(let status, _) = outcome {
                throw CoreError(code: .invalidState, message: "task \(id) is \(status.rawValue), not queued; nothing to run")
            }
            record.supervisorPID = getpid()
        }

        let workspace: PreparedWorkspace
        let command: AgentCommand
        do {
            workspace = try await provider.prepareWorkspace(for: record)
        } catch {
            return try fail(id, reason: Self.message(of: error), onEvent: onEvent)
        }
        do {
            let executable = try provider.locateAgent(record.agent)
            let resume = record.followUps.isEmpty ? nil : record.agentSessionID
            command = AgentCommandBuilder.command(
                for: record, prompt: record.latestPrompt, resumeSession: resume, executable: executable,
                runningAsRoot: geteuid() == 0)
        } catch {
            return try fail(id, reason: Self.message(of: error), workspace: workspace, onEvent: onEvent)
        }
        // The workspace is recorded with the launch (one durable write fewer on the way to the agent).
        record.workspacePath = workspace.path
        record.branch = workspace.branch

        let outputLog: OutputLog
        let eventLog: FileOutputStorage
        let stderrLog: FileOutputStorage
        do {
            outputLog = try OutputLog(storage: try FileOutputStorage(path: paths.outputFile(id.rawValue)), memoryLimit: 256 * 1024)
            eventLog = try FileOutputStorage(path: paths.eventsFile(id.rawValue))
            stderrLog = try FileOutputStorage(path: paths.stderrFile(id.rawValue))
        } catch {
            return try fail(id, reason: Self.message(of: error), workspace: workspace, onEvent: onEvent)
        }

        if cancelRequested.withLock({ $0 }) {
            return try finishCancelled(id)
        }
        if record.agent == .claude && record.options.interactive, let local = provider as? LocalProvider {
            // An interactive session should open at its prompt, not at first-run questions.
            let mode = record.options.permissionMode ?? AgentCommandBuilder.defaultPermissionMode
            do {
                try ClaudeHomePreparer(environment: local.environment).prepare(
                    workspace: workspace.path, apiKey: local.environment["ANTHROPIC_API_KEY"],
                    bypassPermissions: mode == "bypassPermissions")
            } catch {
                try? stderrLog.append(Array("rclaude: \(Self.message(of: error))\n".utf8))
            }
        }
        let running: any SupervisedProcess
        do {
            if record.options.interactive {
                // A terminal's output goes to the log (and so to live attached clients) on the
                // thread that reads it: a keystroke's echo takes no extra hand-off.
                let log = outputLog
                (running, _) = try await provider.startSupervised(
                    command, in: workspace, terminal: terminal ?? TerminalSize(rows: 24, cols: 80),
                    stdoutSink: { bytes in
                        _ = try? log.append(bytes)
                        return true
                    })
            } else {
                running = try await provider.startSupervised(command, in: workspace, terminal: nil)
            }
        } catch {
            return try fail(id, reason: Self.message(of: error), workspace: workspace, onEvent: onEvent)
        }
        process.withLock { $0 = running }
        _ = try cache.update(id) { r in
            r.workspacePath = workspace.path
            r.branch = workspace.branch
            if let base = workspace.baseCommit { r.baseCommit = base }
            machine.apply(.launched(processGroup: running.processGroup), to: &r, now: now())
        }
        onStarted(running, outputLog)
        if cancelRequested.withLock({ $0 }) { running.signal(SIGTERM) }
        let steering: ClaudeSteering? =
            command.conversationInput == nil
            ? nil
            : ClaudeSteering(
                id: id, process: running, cache: cache, mailbox: SteeringMailbox(paths: paths, id: id), machine: machine, now: now)
        let steeringLoop = steering.map { steering in Task { await steering.pollMailbox() } }
        sandboxDeath.withLock { $0 = nil }
        let watchdog = healthInterval.map { interval in
            Task { [provider] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    if Task.isCancelled { return }
                    if case .unhealthy(let why) = await provider.sandboxHealth(of: workspace) {
                        self.sandboxDeath.withLock { $0 = why }
                        running.signal(SIGKILL)
                        return
                    }
                }
            }
        }

        // Pump output: raw bytes to output.log, decoded events to events.jsonl.
        let interactive = record.options.interactive
        var decoder = makeDecoder(for: record.agent)
        var stderrDecoder = PlainLineDecoder(stream: "stderr")
        var splitter = LineSplitter()
        var stderrSplitter = LineSplitter()
        var lastResult: RunResult?
        var sessionID = record.agentSessionID
        var stderrTail: [UInt8] = []
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]

        // Encoded events wait here and are written once per output chunk (one write, not one per line).
        var pendingEvents: [UInt8] = []
        func emit(_ events: [AgentEvent]) {
            for event in events {
                if case .result(let result) = event { lastResult = result }
                if case .initialized(let started) = event, let sid = started.sessionID { sessionID = sid }
                if let line = try? encoder.encode(event) {
                    pendingEvents += line
                    pendingEvents.append(0x0A)
                }
                onEvent(event)
            }
        }
        func flushEvents() {
            guard !pendingEvents.isEmpty else { return }
            try? eventLog.append(pendingEvents)
            pendingEvents.removeAll(keepingCapacity: true)
        }

        for await chunk in running.output {
            switch chunk.stream {
            case .stdout:
                _ = try? outputLog.append(chunk.bytes)
                if !interactive {
                    for line in splitter.feed(chunk.bytes) {
                        if let steering, steering.handle(line) { continue }
                        emit(decoder.decode(line: line))
                        if let steering, lastResult != nil { steering.turnEnded() }
                    }
                }
            case .stderr:
                try? stderrLog.append(chunk.bytes)
                stderrTail = Array((stderrTail + chunk.bytes).suffix(4096))
                if record.agent == .shell {
                    for line in stderrSplitter.feed(chunk.bytes) { emit(stderrDecoder.decode(line: line)) }
                }
            }
            flushEvents()
        }
        if !interactive, let rest = splitter.finish() { emit(decoder.decode(line: rest)) }
        if !interactive { emit(decoder.finish()) }
        if let rest = stderrSplitter.finish(), record.agent == .shell { emit(stderrDecoder.decode(line: rest)) }
        flushEvents()
        let exit = await running.wait()
        steeringLoop?.cancel()
        watchdog?.cancel()
        var died = sandboxDeath.withLock { $0 }
        if died == nil, healthInterval != nil, exit.code != 0 || exit.signaled,
            case .unhealthy(let why) = await provider.sandboxHealth(of: workspace)
        {
            // The turn ended badly because its sandbox went away between two checks.
            died = why
        }
        onExit(exit)
        outputLog.finish()
        eventLog.sync()
        process.withLock { $0 = nil }

        let cancelled = cancelRequested.withLock { $0 } || ((try? cache.load(id))?.cancelRequestedAt != nil)
        let final = try cache.update(id) { r in
            if let sessionID { r.agentSessionID = sessionID }
            if let lastResult {
                r.costUSD = (r.costUSD ?? 0) + (lastResult.costUSD ?? 0)
                r.turns += lastResult.turns ?? 0
                if let usage = lastResult.usage { r.usage = r.usage + usage }
            }
            if cancelled {
                r.exitCode = exit.code
                machine.apply(.cancel(reason: "cancelled by the user"), to: &r, now: now())
                return
            }
            if steering?.interrupted == true {
                r.exitCode = exit.code
                machine.apply(.cancel(reason: "interrupted by the user; 'rclaude send' continues it"), to: &r, now: now())
                return
            }
            if let died {
                machine.apply(.exited(success: false, exitCode: exit.code, reason: "the sandbox died: \(died)"), to: &r, now: now())
                return
            }
            let (success, reason) = Self.outcome(
                agent: r.agent, interactive: interactive, exit: exit, result: lastResult, stderrTail: stderrTail)
            machine.apply(.exited(success: success, exitCode: exit.code, reason: reason), to: &r, now: now())
        }
        return final
    }

    /// Decides success: Claude, Codex and Gemini by their result; other agents by exit status.
    static func outcome(
        agent: AgentKind, interactive: Bool, exit: ProcessExit, result: RunResult?, stderrTail: [UInt8]
    ) -> (Bool, String?) {
        let stderrText = String(decoding: stderrTail, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let lastStderrLine = stderrText.split(separator: "\n").last.map(String.init)
        if agent.reportsResult && !interactive {
            if let result {
                return result.isError ? (false, result.failureReason) : (true, nil)
            }
            if exit.signaled { return (false, "the agent was killed by signal \(exit.code - 128) before it reported a result") }
            let detail = lastStderrLine.map { ": \($0)" } ?? ""
            return (false, "the agent exited with status \(exit.code) without a result\(detail)")
        }
        if exit.code == 0 && !exit.signaled { return (true, nil) }
        if exit.signaled { return (false, "killed by signal \(exit.code - 128)") }
        return (false, "exited with status \(exit.code)" + (lastStderrLine.map { ": \($0)" } ?? ""))
    }

    /// Asks the running agent to stop: SIGTERM to its process group, SIGKILL after the grace period.
    public func cancel() {
        cancelRequested.withLock { $0 = true }
        guard let running = process.withLock({ $0 }) else { return }
        running.signal(SIGTERM)
        let grace = cancelGrace
        Task.detached {
            try? await Task.sleep(for: grace)
            if running.exitIfDone == nil { running.signal(SIGKILL) }
        }
    }

    private func fail(
        _ id: TaskID, reason: String, workspace: PreparedWorkspace? = nil, onEvent: @Sendable (AgentEvent) -> Void
    ) throws -> TaskRecord {
        onEvent(.error(AgentError(message: reason)))
        appendEvent(.error(AgentError(message: reason)), to: id)
        return try cache.update(id) { r in
            // A workspace made before the failure is recorded, so it can be inspected and removed with the task.
            if let workspace {
                r.workspacePath = workspace.path
                r.branch = workspace.branch
                if let base = workspace.baseCommit { r.baseCommit = base }
            }
            machine.apply(.fail(reason: reason), to: &r, now: now())
        }
    }

    /// How a turn got past the queue.
    private enum SlotOutcome {
        /// No limit applies (no queue, or an interactive task a person is waiting for).
        case unlimited
        /// A slot, held until the turn ends.
        case leased(ProviderSlots.Lease)
        /// Cancelled while waiting.
        case cancelled
    }

    /// Waits in the provider's queue (when it has one) with the task `queued`, its reason saying
    /// why.
    private func waitForSlot(_ id: TaskID) async throws -> SlotOutcome {
        guard let slots else { return .unlimited }
        if (try? cache.load(id))?.options.interactive == true { return .unlimited }
        // A free slot is taken without touching the record (one durable write fewer on the way to the agent).
        if let lease = try slots.tryAcquire() { return .leased(lease) }
        let queued = try cache.update(id) { record in
            guard record.status == .queued else {
                throw CoreError(code: .invalidState, message: "task \(id) is \(record.status.rawValue), not queued; nothing to run")
            }
            record.supervisorPID = getpid()
        }
        let ticket = String(format: "%017.6f", queued.createdAt.timeIntervalSince1970) + "-" + id.rawValue
        let cache = self.cache
        let providerName = provider.name
        let lease = try await slots.acquire(
            ticket: ticket,
            onWait: { limit in
                _ = try? cache.update(id) { r in
                    r.reason = "waiting for a free \(providerName) slot (\(limit) running; providers.\(providerName).maxConcurrent in config.json)"
                }
            },
            isCancelled: { self.cancelRequested.withLock { $0 } || (try? cache.load(id))?.cancelRequestedAt != nil })
        return lease.map { .leased($0) } ?? .cancelled
    }

    private func appendEvent(_ event: AgentEvent, to id: TaskID) {
        if let storage = try? FileOutputStorage(path: paths.eventsFile(id.rawValue)), var line = try? JSONEncoder().encode(event) {
            line.append(0x0A)
            try? storage.append(Array(line))
        }
    }

    private func finishCancelled(_ id: TaskID) throws -> TaskRecord {
        try cache.update(id) { r in machine.apply(.cancel(reason: "cancelled by the user"), to: &r, now: now()) }
    }

    static func message(of error: any Error) -> String {
        if let e = error as? ProviderError { return e.message }
        if let e = error as? CoreError { return e.message }
        return "\(error)"
    }
}
