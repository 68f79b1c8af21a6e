import RClaudeCore
import Testing

@Suite struct OutputLogTests {
    /// Every event from `offset` until the log finishes (or the task is cancelled).
    func events(_ log: OutputLog, from offset: OutputOffset) async -> [OutputEvent] {
        var events: [OutputEvent] = []
        var position = offset
        while let event = await log.read(from: position) {
            events.append(event)
            switch event {
            case .data(let chunk): position = chunk.endOffset
            case .truncated(let resumeAt): position = resumeAt
            }
        }
        return events
    }

    func collect(_ log: OutputLog, from offset: OutputOffset) async -> [UInt8] {
        await events(log, from: offset).flatMap { event -> [UInt8] in
            if case .data(let chunk) = event { return chunk.bytes }
            return []
        }
    }

    @Test func subscribersFromAnyOffsetSeeTheSameBytes() async throws {
        let log = try OutputLog(storage: InMemoryOutputStorage(), memoryLimit: 16)
        let text = Array("The quick brown fox jumps over the lazy dog".utf8)
        for chunk in stride(from: 0, to: text.count, by: 5) {
            let offset = try log.append(Array(text[chunk..<min(text.count, chunk + 5)]))
            #expect(offset == OutputOffset(chunk))
        }
        log.finish()
        #expect(await collect(log, from: 0) == text, "old bytes come back from storage")
        #expect(await collect(log, from: 10) == Array(text[10...]))
        #expect(await collect(log, from: OutputOffset(text.count)).isEmpty)
    }

    @Test func liveSubscriberGetsBytesAsTheyArrive() async throws {
        let log = try OutputLog(storage: nil)
        async let received = collect(log, from: 0)
        for i in 0..<100 {
            try log.append(Array("line \(i)\n".utf8))
            if i % 10 == 0 { await Task.yield() }
        }
        log.finish()
        let text = String(decoding: await received, as: UTF8.self)
        #expect(text.hasPrefix("line 0\n") && text.hasSuffix("line 99\n"))
        #expect(text.split(separator: "\n").count == 100)
    }

    @Test func memoryOnlyLogReportsTruncation() async throws {
        let log = try OutputLog(storage: nil, memoryLimit: 8)
        try log.append(Array("0123456789abcdef".utf8))
        log.finish()
        let received = await events(log, from: 0)
        #expect(received.first == .truncated(resumeAt: 8))
        #expect(received.dropFirst().first == .data(OutputChunk(offset: 8, bytes: Array("89abcdef".utf8))))
    }

    @Test func theMemoryTailWrapsAroundAndKeepsTheNewestBytesInOrder() async throws {
        // Appends of every size around a 16-byte tail, each followed by reads at every offset.
        let log = try OutputLog(storage: nil, memoryLimit: 16)
        var all: [UInt8] = []
        for size in [1, 3, 7, 15, 16, 17, 5, 40, 2, 9, 31, 1] {
            let chunk = (0..<size).map { UInt8(truncatingIfNeeded: all.count + $0) }
            #expect(try log.append(chunk) == OutputOffset(all.count))
            all += chunk
            for back in 1...min(16, all.count) {
                let offset = all.count - back
                let event = await log.read(from: OutputOffset(offset), maxCount: 100)
                #expect(event == .data(OutputChunk(offset: OutputOffset(offset), bytes: Array(all[offset...]))))
            }
            if all.count > 16 {
                #expect(await log.read(from: OutputOffset(all.count - 17)) == .truncated(resumeAt: OutputOffset(all.count - 16)))
                #expect(log.baseOffset == OutputOffset(all.count - 16))
            }
            let partial = await log.read(from: OutputOffset(all.count - min(16, all.count)), maxCount: 3)
            let first = all.count - min(16, all.count)
            #expect(partial == .data(OutputChunk(offset: OutputOffset(first), bytes: Array(all[first..<min(all.count, first + 3)]))))
        }
    }

    @Test func cancelledSubscriberStops() async throws {
        let log = try OutputLog(storage: nil)
        let reader = Task { await collect(log, from: 0) }
        try log.append([1, 2, 3])
        try await Task.sleep(for: .milliseconds(20))
        reader.cancel()
        let bytes = await reader.value
        #expect(bytes == [1, 2, 3])
    }

    @Test func reopeningContinuesAtStoredSize() async throws {
        let storage = InMemoryOutputStorage()
        try storage.append([9, 9, 9])
        let log = try OutputLog(storage: storage)
        #expect(try log.append([1]) == 3)
        log.finish()
        #expect(await collect(log, from: 0) == [9, 9, 9, 1])
    }
}
