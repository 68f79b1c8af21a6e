// An SSM Session Manager data channel over a WebSocket: the interactive terminal of an ECS
// Exec session. It sends the open-data-channel request with the session token, then runs three
// tasks: a reader that feeds frames to `SSMDataChannelStateMachine`, a writer that sends frames
// in order, and a scheduler that resends unacknowledged input. Terminal bytes come out of
// `output` exactly once and in order; the session's end comes out of `waitUntilClosed()`.

import Foundation
import RClaudeCore

/// The client side of an SSM data channel (what session-manager-plugin does for a shell).
public actor SSMDataChannel {
    /// Terminal output, in order, exactly once; finishes when the session ends.
    public nonisolated let output: AsyncStream<[UInt8]>
    /// Notable events (handshake, dropped frames, resends, pauses); keeps the newest 256 when
    /// nobody reads it; finishes when the session ends.
    public nonisolated let events: AsyncStream<SSMDataChannelEvent>

    private let outputContinuation: AsyncStream<[UInt8]>.Continuation
    private let eventsContinuation: AsyncStream<SSMDataChannelEvent>.Continuation
    private let outbox: AsyncStream<SSMWebSocketMessage>
    private let outboxContinuation: AsyncStream<SSMWebSocketMessage>.Continuation
    private let transport: any SSMWebSocketTransport
    private let token: String
    private let clock: any AWSClock
    private let configuration: SSMDataChannelConfiguration
    private var machine: SSMDataChannelStateMachine
    private var opened = false
    private var result: Result<SSMChannelClosure, CoreError>?
    private var waiters: [CheckedContinuation<SSMChannelClosure, any Error>] = []
    private var reader: Task<Void, Never>?
    private var writer: Task<Void, Never>?
    private var scheduler: Task<Void, Never>?

    /// Creates a channel over an open WebSocket; nothing is sent before `open()`.
    ///
    /// - Parameters:
    ///   - transport: the WebSocket to `session.streamUrl`.
    ///   - token: ExecuteCommand's `session.tokenValue`.
    ///   - configuration: timeouts, buffers and the client's identity.
    ///   - clock: the time of messages and retransmission timeouts, and the scheduler's sleeps.
    public init(
        transport: any SSMWebSocketTransport, token: String,
        configuration: SSMDataChannelConfiguration = SSMDataChannelConfiguration(),
        clock: any AWSClock = SystemAWSClock()
    ) {
        self.transport = transport
        self.token = token
        self.configuration = configuration
        self.clock = clock
        machine = SSMDataChannelStateMachine(configuration: configuration)
        (output, outputContinuation) = AsyncStream.makeStream(of: [UInt8].self)
        (events, eventsContinuation) = AsyncStream.makeStream(
            of: SSMDataChannelEvent.self, bufferingPolicy: .bufferingNewest(256))
        (outbox, outboxContinuation) = AsyncStream.makeStream(of: SSMWebSocketMessage.self)
    }

    deinit {
        // Dropped without close(): stop the tasks; the writer then closes the WebSocket.
        outboxContinuation.finish()
        outputContinuation.finish()
        eventsContinuation.finish()
        scheduler?.cancel()
        reader?.cancel()
    }

    // MARK: - Life cycle

    /// Sends the open-data-channel request (a TEXT frame with the token) and starts reading.
    ///
    /// - Throws: `CoreError` `.unavailable` when the request cannot be sent; `.invalidState`
    ///   when the channel was opened before.
    public func open() async throws {
        guard !opened else {
            throw CoreError(code: .invalidState, message: "the SSM data channel is already open")
        }
        opened = true
        let request = SSMOpenDataChannelInput(
            tokenValue: token, clientID: configuration.clientID, clientVersion: configuration.clientVersion)
        do {
            try await transport.send(.text(request.json()))
        } catch {
            let failure = CoreError(
                code: .unavailable,
                message:
                    "cannot send the session token on the ECS Exec data channel: \(Self.describe(error)); attach again")
            end(.failure(failure))
            await transport.close()
            throw failure
        }
        startTasks()
    }

    private func startTasks() {
        let transport = self.transport
        let outbox = self.outbox
        writer = Task { [weak self] in
            for await message in outbox {
                do {
                    try await transport.send(message)
                } catch {
                    // A send fails only once the connection is ending; the reader still holds what
                    // arrived before (channel_closed among it) and reports the end itself.
                    break
                }
            }
            await transport.close()
        }
        reader = Task { [weak self] in
            do {
                for try await message in transport.messages {
                    guard let self else { return }
                    await self.receive(message)
                }
                await self?.transportEnded(error: nil)
            } catch {
                await self?.transportEnded(error: error)
            }
        }
        if let interval = configuration.retransmissionCheckInterval {
            let clock = self.clock
            scheduler = Task { [weak self] in
                while !Task.isCancelled {
                    do {
                        try await clock.sleep(for: interval)
                    } catch {
                        return
                    }
                    guard let self, await !self.hasEnded else { return }
                    await self.retransmitIfDue()
                }
            }
        }
    }

    /// Closes the channel: no more input, the WebSocket is closed, `output` finishes and
    /// `waitUntilClosed()` returns `.closedByClient` (unless the session had already ended).
    public func close() async {
        perform(machine.closeByClient())
        await writer?.value
        if writer == nil { await transport.close() }
    }

    /// Waits for the end of the session.
    ///
    /// - Returns: how the session ended: the agent's `channel_closed`, or `close()`.
    /// - Throws: `CoreError` `.unavailable` when the connection failed, the agent stopped
    ///   acknowledging input, or the session needs something rclaude does not implement.
    public func waitUntilClosed() async throws -> SSMChannelClosure {
        if let result { return try result.get() }
        return try await withCheckedThrowingContinuation { waiters.append($0) }
    }

    // MARK: - Input

    /// Sends keystrokes (split into 1024-byte messages; held until the handshake completes and
    /// while the agent has paused publication).
    ///
    /// - Throws: `CoreError` `.invalidState` after the session ended; `.unavailable` when too
    ///   much input is unacknowledged.
    public func write(_ bytes: [UInt8]) throws {
        perform(try machine.write(bytes, now: clock.now()))
    }

    /// Sends the terminal size as a size payload `{"cols":…,"rows":…}`.
    ///
    /// - Throws: like `write(_:)`.
    public func resize(rows: Int, cols: Int) throws {
        perform(try machine.resize(rows: rows, cols: cols, now: clock.now()))
    }

    /// Sends the terminal size.
    ///
    /// - Throws: like `write(_:)`.
    public func resize(_ size: TerminalSize) throws {
        try resize(rows: size.rows, cols: size.cols)
    }

    // MARK: - State

    /// Counters of acknowledgements, resends, duplicates and dropped frames.
    public var statistics: SSMDataChannelStatistics { machine.statistics }
    /// Whether the agent's handshake (or first output) arrived.
    public var isReady: Bool { machine.phase == .ready }
    /// Whether the agent has paused publication.
    public var isPaused: Bool { machine.isPaused }
    /// Input messages sent and not yet acknowledged.
    public var unacknowledgedCount: Int { machine.outstanding.count }
    /// Whether the session has ended (closed or failed).
    public var hasEnded: Bool { result != nil }

    /// One scheduler tick: resends the oldest unacknowledged input message if its timeout has
    /// passed on the channel's clock. The scheduler calls this every
    /// `retransmissionCheckInterval`; tests with a scripted clock call it directly.
    public func retransmitIfDue() {
        perform(machine.tick(now: clock.now()))
    }

    // MARK: - Internals

    private func receive(_ message: SSMWebSocketMessage) {
        guard case .binary(let bytes) = message else { return }
        perform(machine.receive(bytes, now: clock.now()))
    }

    private func transportEnded(error: (any Error)?) {
        perform(machine.transportEnded(error: error))
    }

    private func perform(_ actions: [SSMDataChannelStateMachine.Action]) {
        for action in actions {
            switch action {
            case .send(let frame): outboxContinuation.yield(.binary(frame))
            case .deliver(let bytes): outputContinuation.yield(bytes)
            case .event(let event): eventsContinuation.yield(event)
            case .finish(let closure): end(.success(closure))
            case .fail(let error): end(.failure(error))
            }
        }
    }

    private func end(_ outcome: Result<SSMChannelClosure, CoreError>) {
        guard result == nil else { return }
        result = outcome
        outboxContinuation.finish()
        outputContinuation.finish()
        eventsContinuation.finish()
        scheduler?.cancel()
        reader?.cancel()
        let pending = waiters
        waiters.removeAll()
        for waiter in pending { waiter.resume(with: outcome.mapError { $0 as any Error }) }
    }

    static func describe(_ error: any Error) -> String {
        (error as? CoreError)?.message ?? "\(error)"
    }
}
