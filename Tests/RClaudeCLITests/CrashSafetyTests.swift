import Foundation
import RClaudeTestSupport
import Testing

extension EndToEnd {
    /// SIGKILLs rclaude processes while they write the cache, again and again, then checks that
    /// every task acknowledged before its writer died is intact and nothing is corrupt.
    @Suite(.serialized) struct CrashSafetyTests {
        final class Acks: @unchecked Sendable {
            private let lock = NSLock()
            private var values: [String: Int] = [:]
            private var buffer = ""

            func feed(_ data: Data) {
                lock.withLock {
                    buffer += String(decoding: data, as: UTF8.self)
                    while let newline = buffer.firstIndex(of: "\n") {
                        let line = buffer[..<newline]
                        buffer = String(buffer[buffer.index(after: newline)...])
                        let parts = line.split(separator: " ")
                        if parts.count == 3, parts[0] == "ACK", let value = Int(parts[2]) {
                            values[String(parts[1])] = value
                        }
                    }
                }
            }

            var snapshot: [String: Int] { lock.withLock { values } }
        }

        @Test func twoHundredKillsLoseNothingAcknowledged() throws {
            let h = try RClaudeHarness()
            defer { h.remove() }
            let acks = Acks()
            var kills = 0
            var generator = SystemRandomNumberGenerator()
            while kills < 200 {
                // Two writers at once: they must not step on each other either.
                var writers: [Process] = []
                for _ in 0..<2 {
                    let p = Process()
                    p.executableURL = URL(fileURLWithPath: Fixtures.rclaudeExecutable)
                    p.arguments = ["debug", "write-tasks", "--count", "100000", "--update"]
                    p.environment = h.environment
                    let pipe = Pipe()
                    p.standardOutput = pipe
                    p.standardError = FileHandle.nullDevice
                    pipe.fileHandleForReading.readabilityHandler = { handle in acks.feed(handle.availableData) }
                    try p.run()
                    writers.append(p)
                }
                Thread.sleep(forTimeInterval: Double(UInt64.random(in: 10...80, using: &generator)) / 1000)
                for p in writers {
                    kill(p.processIdentifier, SIGKILL)
                    p.waitUntilExit()
                    kills += 1
                }
                Thread.sleep(forTimeInterval: 0.005)
            }
            let acknowledged = acks.snapshot
            #expect(acknowledged.count > 200, "the writers made progress between kills")
            let ls = try h.run(["ls", "--json", "--all"])
            #expect(!ls.stderr.contains("damaged"), "no file is corrupt: \(ls.stderr.prefix(500))")
            let tasks = RClaudeHarness.jsonLines(ls.stdout)
            var byID: [String: [String: Any]] = [:]
            for task in tasks { if let id = task["id"] as? String { byID[id] = task } }
            var missing = 0
            var wrong = 0
            for (id, turns) in acknowledged {
                guard let task = byID[id] else {
                    missing += 1
                    continue
                }
                if task["turns"] as? Int != turns { wrong += 1 }
            }
            #expect(missing == 0, "\(missing) acknowledged tasks are missing")
            #expect(wrong == 0, "\(wrong) acknowledged updates were lost")
            // Leftover temp files from killed writers are never mistaken for tasks.
            #expect(tasks.count >= acknowledged.count)
        }
    }
}
