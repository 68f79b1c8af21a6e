import Foundation
import RClaudeCore
import RClaudeStore
import RClaudeTestSupport
import Testing

@Suite struct JSONFileTaskCacheTests {
    func withCache(_ body: (JSONFileTaskCache, StorePaths, TemporaryDirectory) throws -> Void) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let paths = StorePaths.resolve(environment: ["RCLAUDE_HOME": dir.path])
        try body(try JSONFileTaskCache(paths: paths), paths, dir)
    }

    func makeRecord(_ prompt: String = "hello", env: [String: String] = [:]) -> TaskRecord {
        TaskRecord(
            id: TaskID.random(), spec: TaskSpec(prompt: prompt, agent: .shell, environment: env),
            createdAt: Date(timeIntervalSince1970: 1_700_000_000.25))
    }

    @Test func createLoadUpdateRemoveRoundTrip() throws {
        try withCache { cache, _, _ in
            var record = makeRecord()
            try cache.create(record)
            #expect(try cache.load(record.id) == record)
            let updated = try cache.update(record.id) { $0.turns = 7 }
            record.turns = 7
            #expect(updated == record)
            #expect(try cache.load().tasks == [record])
            try cache.remove(record.id)
            #expect(try cache.load().tasks.isEmpty)
            #expect { try cache.load(record.id) } throws: { ($0 as? CoreError)?.code == .notFound }
            #expect { try cache.remove(record.id) } throws: { ($0 as? CoreError)?.code == .notFound }
        }
    }

    @Test func duplicateIDIsAConflict() throws {
        try withCache { cache, _, _ in
            let record = makeRecord()
            try cache.create(record)
            #expect { try cache.create(record) } throws: { ($0 as? CoreError)?.code == .conflict }
        }
    }

    @Test func filesAre0600AndDirectories0700() throws {
        try withCache { cache, paths, _ in
            let record = makeRecord()
            try cache.create(record)
            let fm = FileManager.default
            let fileMode = try fm.attributesOfItem(atPath: paths.taskFile(record.id.rawValue))[.posixPermissions] as? Int
            let dirMode = try fm.attributesOfItem(atPath: paths.taskDirectory(record.id.rawValue))[.posixPermissions] as? Int
            let tasksMode = try fm.attributesOfItem(atPath: paths.tasksDirectory)[.posixPermissions] as? Int
            #expect(fileMode == 0o600)
            #expect(dirMode == 0o700)
            #expect(tasksMode == 0o700)
        }
    }

    @Test func secretsAreNeverWritten() throws {
        try withCache { cache, paths, _ in
            let record = makeRecord(env: ["ANTHROPIC_API_KEY": "sk-ant-supersecret-value"])
            try cache.create(record)
            let text = try String(contentsOfFile: paths.taskFile(record.id.rawValue), encoding: .utf8)
            #expect(!text.contains("sk-ant-supersecret-value"))
            #expect(text.contains("ANTHROPIC_API_KEY"), "the key's name is kept so the user knows it was set")
        }
    }

    @Test func damagedFileIsMovedAsideAndOthersStillLoad() throws {
        try withCache { cache, paths, _ in
            let good = makeRecord("good")
            let bad = makeRecord("bad")
            let truncated = makeRecord("truncated")
            try cache.create(good)
            try cache.create(bad)
            try cache.create(truncated)
            try Data("{ this is not json".utf8).write(to: URL(fileURLWithPath: paths.taskFile(bad.id.rawValue)))
            let full = try Data(contentsOf: URL(fileURLWithPath: paths.taskFile(truncated.id.rawValue)))
            try full.prefix(full.count / 2).write(to: URL(fileURLWithPath: paths.taskFile(truncated.id.rawValue)))
            let load = try cache.load()
            #expect(load.tasks.map(\.id) == [good.id])
            #expect(load.problems.count == 2)
            #expect(load.problems.allSatisfy { $0.contains("damaged") && $0.contains("moved to") })
            // Nothing is lost: the damaged folders sit in the quarantine directory.
            let quarantined = try FileManager.default.contentsOfDirectory(atPath: paths.quarantineDirectory)
            #expect(quarantined.count == 2)
            #expect(try cache.load().problems.isEmpty, "a second load is clean")
        }
    }

    @Test func handEditedWrongTypeIsReportedWithTheField() throws {
        try withCache { cache, paths, _ in
            let record = makeRecord()
            try cache.create(record)
            let file = paths.taskFile(record.id.rawValue)
            var text = try String(contentsOfFile: file, encoding: .utf8)
            text = text.replacingOccurrences(of: "\"turns\":0", with: "\"turns\":\"many\"")
            try text.write(toFile: file, atomically: false, encoding: .utf8)
            let load = try cache.load()
            #expect(load.tasks.isEmpty)
            #expect(load.problems.first?.contains("turns") == true)
        }
    }

    @Test func recordFromNewerVersionIsSkippedButNotMoved() throws {
        try withCache { cache, paths, _ in
            let record = makeRecord()
            try cache.create(record)
            let file = paths.taskFile(record.id.rawValue)
            let text = try String(contentsOfFile: file, encoding: .utf8)
                .replacingOccurrences(of: "\"schemaVersion\":1", with: "\"schemaVersion\":99")
            try text.write(toFile: file, atomically: false, encoding: .utf8)
            let load = try cache.load()
            #expect(load.tasks.isEmpty)
            #expect(load.problems.first?.contains("newer rclaude") == true)
            #expect(FileManager.default.fileExists(atPath: file), "a newer record must never be moved or rewritten")
        }
    }

    @Test func versionZeroRecordIsMigratedAndRewritten() throws {
        try withCache { cache, paths, _ in
            let id = TaskID.random()
            try FileManager.default.createDirectory(atPath: paths.taskDirectory(id.rawValue), withIntermediateDirectories: true)
            let legacy = """
                {"id":"\(id)","prompt":"old task","agent":"claude","provider":"local","status":"succeeded",
                 "createdAt":1600000000,"usage":{"inputTokens":5}}
                """
            try legacy.write(toFile: paths.taskFile(id.rawValue), atomically: false, encoding: .utf8)
            let load = try cache.load()
            #expect(load.problems.isEmpty)
            let task = try #require(load.tasks.first)
            #expect(task.prompt == "old task")
            #expect(task.schemaVersion == TaskRecord.currentSchemaVersion)
            #expect(task.usage.inputTokens == 5 && task.turns == 0 && task.followUps.isEmpty)
            let rewritten = try String(contentsOfFile: paths.taskFile(id.rawValue), encoding: .utf8)
            #expect(rewritten.contains("\"schemaVersion\":1"))
        }
    }

    @Test func concurrentUpdatesInOneProcessLoseNothing() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let paths = StorePaths.resolve(environment: ["RCLAUDE_HOME": dir.path])
        let cache = try JSONFileTaskCache(paths: paths)
        let record = makeRecord()
        try cache.create(record)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    // Separate cache objects: like separate processes, they share only the files.
                    guard let other = try? JSONFileTaskCache(paths: paths) else { return }
                    for _ in 0..<25 { _ = try? other.update(record.id) { $0.turns += 1 } }
                }
            }
        }
        #expect(try cache.load(record.id).turns == 100)
    }

    @Test func xdgDirectoriesAreUsedWithoutRCLAUDE_HOME() {
        let p = StorePaths.resolve(environment: ["HOME": "/home/u"])
        #expect(p.dataDirectory == "/home/u/.local/share/rclaude")
        #expect(p.stateDirectory == "/home/u/.local/state/rclaude")
        let x = StorePaths.resolve(environment: ["HOME": "/home/u", "XDG_DATA_HOME": "/d", "XDG_STATE_HOME": "/s"])
        #expect(x.dataDirectory == "/d/rclaude" && x.stateDirectory == "/s/rclaude")
        let relative = StorePaths.resolve(environment: ["HOME": "/home/u", "XDG_DATA_HOME": "rel"])
        #expect(relative.dataDirectory == "/home/u/.local/share/rclaude", "relative XDG paths are ignored per the spec")
    }
}
