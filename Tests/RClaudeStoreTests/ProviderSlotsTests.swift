import Foundation
import RClaudeStore
import Synchronization
import Testing

@Suite struct ProviderSlotsTests {
    func makePaths() throws -> (StorePaths, String) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("slots-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        return (StorePaths(dataDirectory: root + "/data", stateDirectory: root + "/state"), root)
    }

    @Test func atMostLimitLeasesAtOnceAndClosingFreesOne() throws {
        let (paths, root) = try makePaths()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let slots = ProviderSlots(paths: paths, provider: "local", limit: 2)
        var first = try slots.tryAcquire()
        let second = try slots.tryAcquire()
        #expect(first != nil && second != nil)
        #expect(first?.index != second?.index)
        #expect(try slots.tryAcquire() == nil)
        #expect(slots.heldCount() == 2)
        first = nil
        #expect(slots.heldCount() == 1)
        let third = try slots.tryAcquire()
        #expect(third != nil)
        withExtendedLifetime((second, third)) {}
    }

    @Test func providersHaveSeparateSlotsAndOddNamesAreSafe() throws {
        let (paths, root) = try makePaths()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let local = ProviderSlots(paths: paths, provider: "local", limit: 1)
        let remote = ProviderSlots(paths: paths, provider: "remote:../../x", limit: 1)
        #expect(remote.directory.hasPrefix(paths.stateDirectory + "/slots/"))
        #expect(!remote.directory.contains(".."))
        let a = try local.tryAcquire()
        let b = try remote.tryAcquire()
        #expect(a != nil && b != nil)
        withExtendedLifetime((a, b)) {}
    }

    @Test func waitersStartWhenASlotFreesAndNeverExceedTheLimit() async throws {
        let (paths, root) = try makePaths()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let slots = ProviderSlots(paths: paths, provider: "local", limit: 3, pollInterval: .milliseconds(10))
        let running = RunningCount()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<12 {
                group.addTask {
                    let ticket = String(format: "%04d", index)
                    let lease = try await slots.acquire(ticket: ticket, isCancelled: { false })
                    #expect(lease != nil)
                    running.state.withLock {
                        $0.now += 1
                        $0.peak = max($0.peak, $0.now)
                    }
                    try await Task.sleep(for: .milliseconds(30))
                    running.state.withLock {
                        $0.now -= 1
                        $0.done += 1
                    }
                    withExtendedLifetime(lease) {}
                }
            }
            try await group.waitForAll()
        }
        let result = running.state.withLock { $0 }
        #expect(result.done == 12)
        #expect(result.peak == 3, "the limit is reached but never passed")
        let waiting = (try? FileManager.default.contentsOfDirectory(atPath: slots.directory + "/waiting")) ?? []
        #expect(waiting.isEmpty, "every waiter removed its ticket")
    }

    @Test func cancelledWaiterStopsWaitingAndLeavesNoTicket() async throws {
        let (paths, root) = try makePaths()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let slots = ProviderSlots(paths: paths, provider: "docker", limit: 1, pollInterval: .milliseconds(10))
        let held = try slots.tryAcquire()
        let cancelled = Flag()
        let waited = Flag()
        let waiter = Task {
            try await slots.acquire(ticket: "t1", onWait: { limit in waited.value.withLock { $0 = limit == 1 } }, isCancelled: { cancelled.value.withLock { $0 } })
        }
        try await Task.sleep(for: .milliseconds(100))
        #expect(FileManager.default.fileExists(atPath: slots.directory + "/waiting/t1"))
        cancelled.value.withLock { $0 = true }
        let lease = try await waiter.value
        #expect(lease == nil)
        #expect(waited.value.withLock { $0 }, "the waiter was told it waits, with the limit")
        #expect(!FileManager.default.fileExists(atPath: slots.directory + "/waiting/t1"))
        withExtendedLifetime(held) {}
    }

    @Test func aDeadWaitersTicketDoesNotBlockTheLine() async throws {
        let (paths, root) = try makePaths()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let slots = ProviderSlots(paths: paths, provider: "local", limit: 1, pollInterval: .milliseconds(10))
        // A ticket nobody holds locked: its waiter died.
        try FileManager.default.createDirectory(atPath: slots.directory + "/waiting", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: slots.directory + "/waiting/0000-dead", contents: nil)
        var held = try slots.tryAcquire()
        let waiter = Task { try await slots.acquire(ticket: "0001-live", isCancelled: { false }) }
        try await Task.sleep(for: .milliseconds(50))
        held = nil
        let lease = try await waiter.value
        #expect(lease != nil)
        #expect(!FileManager.default.fileExists(atPath: slots.directory + "/waiting/0000-dead"))
        withExtendedLifetime(held) {}
    }
}

/// Shared counters for concurrent waiters.
final class RunningCount: Sendable {
    let state = Mutex((now: 0, peak: 0, done: 0))
}

/// A shared boolean.
final class Flag: Sendable {
    let value = Mutex(false)
}
