import Foundation
import RClaudeCore
import RClaudeStore
import RClaudeTestSupport
import Testing

/// Loading many tasks at once (the parallel path), with every kind of record mixed in.
@Suite struct JSONFileTaskCacheLoadTests {
    /// Writes `bytes` as the `task.json` of task `id`, bypassing the cache (as another program would).
    func place(_ bytes: [UInt8], id: String, paths: StorePaths) throws {
        try FileManager.default.createDirectory(atPath: paths.taskDirectory(id), withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: paths.taskFile(id)))
    }

    @Test func manyMixedRecordsLoadAndDamagedOnesAreQuarantinedAsBefore() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let paths = StorePaths.resolve(environment: ["RCLAUDE_HOME": dir.path])
        let cache = try JSONFileTaskCache(paths: paths)
        var generator = RecordGenerator(seed: 42)
        var expected: [TaskID: TaskRecord] = [:]
        for _ in 0..<600 {
            let record = generator.record()
            expected[record.id] = record
            try place(try RecordGenerator.encode(record), id: record.id.rawValue, paths: paths)
        }
        // A record with a field this build does not know still loads (through JSONDecoder).
        let withUnknownField = generator.record()
        expected[withUnknownField.id] = withUnknownField
        var text = String(decoding: try RecordGenerator.encode(withUnknownField), as: UTF8.self)
        text.insert(contentsOf: #""fromTheFuture":[1,{"a":null}],"#, at: text.index(after: text.startIndex))
        try place(Array(text.utf8), id: withUnknownField.id.rawValue, paths: paths)
        // A version-0 record is migrated.
        let legacy = "0a0a0a0a0a0a"
        try place(
            Array(#"{"id":"\#(legacy)","prompt":"old","agent":"claude","provider":"local","status":"succeeded","createdAt":1600000000}"#.utf8),
            id: legacy, paths: paths)
        // Damaged in three ways, and one record under the wrong folder.
        let damaged = ["d00000000001", "d00000000002", "d00000000003", "d00000000004"]
        try place(Array("{ not json".utf8), id: damaged[0], paths: paths)
        try place(Array(try RecordGenerator.encode(generator.record()).prefix(40)), id: damaged[1], paths: paths)
        let wrongType = String(decoding: try RecordGenerator.encode(generator.record()), as: UTF8.self)
            .replacingOccurrences(of: #""schemaVersion":1"#, with: #""schemaVersion":"one""#)
        try place(Array(wrongType.utf8), id: damaged[2], paths: paths)
        try place(try RecordGenerator.encode(generator.record()), id: damaged[3], paths: paths)
        // A record from a newer rclaude.
        let newer = "e00000000001"
        let newerText = String(decoding: try RecordGenerator.encode(generator.record()), as: UTF8.self)
            .replacingOccurrences(of: #""schemaVersion":1"#, with: #""schemaVersion":7"#)
        try place(Array(newerText.utf8), id: newer, paths: paths)

        let load = try cache.load()
        let loaded = Dictionary(load.tasks.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        #expect(load.tasks.count == expected.count + 1)
        for (id, record) in expected { #expect(loaded[id] == record) }
        #expect(load.tasks.first { $0.id.rawValue == legacy }?.prompt == "old")
        #expect(load.problems.count == 5)
        for id in damaged {
            #expect(load.problems.contains { $0.hasPrefix("task \(id) is damaged: task.json is ") && $0.contains("moved to") })
            #expect(!FileManager.default.fileExists(atPath: paths.taskDirectory(id)))
        }
        #expect(load.problems.contains { $0.contains("does not match its folder") })
        #expect(load.problems.contains { $0.hasPrefix("task \(newer): written by a newer rclaude (schema 7") })
        #expect(FileManager.default.fileExists(atPath: paths.taskFile(newer)))
        #expect(try FileManager.default.contentsOfDirectory(atPath: paths.quarantineDirectory).count == 4)

        let again = try cache.load()
        #expect(again.tasks.count == load.tasks.count)
        #expect(again.problems.count == 1, "only the newer record is reported again")
    }

    @Test func recordsWrittenByOtherToolsLoadLikeJSONDecoderReadsThem() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let paths = StorePaths.resolve(environment: ["RCLAUDE_HOME": dir.path])
        let cache = try JSONFileTaskCache(paths: paths)
        // The form Python's json.dump(sort_keys=True) writes: whole floats as "1790000000.0", `false`.
        var ids: [String] = []
        for i in 0..<300 {
            let id = String(format: "%012x", 0xabc000 + i)
            ids.append(id)
            let text = #"{"agent": "claude", "agentSessionID": "s-\#(i)", "costUSD": 0.0123, "createdAt": 1790000000.0, "#
                + #""endedAt": 1790000010.\#(i), "environmentKeys": [], "exitCode": 0, "followUps": [], "id": "\#(id)", "#
                + #""options": {"allowedTools": [], "interactive": false}, "prompt": "t\u00e9st \#(i) \ud83d\ude42", "#
                + #""provider": "local", "schemaVersion": 1, "startedAt": 1790000001.0, "status": "succeeded", "#
                + #""turns": 4, "usage": {"cacheCreationInputTokens": 0, "cacheReadInputTokens": 0, "#
                + #""inputTokens": 18686, "outputTokens": 73}, "workspacePath": "\/tmp\/ws", "workspaceSpec": {"managed": {}}}"#
            try place(Array(text.utf8), id: id, paths: paths)
        }
        let load = try cache.load()
        #expect(load.problems.isEmpty)
        #expect(load.tasks.count == 300)
        for task in load.tasks {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: paths.taskFile(task.id.rawValue)))
            #expect(task == (try RecordGenerator.decoder.decode(TaskRecord.self, from: bytes)))
            #expect(task.prompt.hasSuffix("🙂") && task.workspacePath == "/tmp/ws")
        }
    }

    @Test func loadingWhileAnotherWriterUpdatesSeesEveryTaskWhole() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let paths = StorePaths.resolve(environment: ["RCLAUDE_HOME": dir.path])
        let cache = try JSONFileTaskCache(paths: paths)
        var generator = RecordGenerator(seed: 7)
        var ids: [TaskID] = []
        for _ in 0..<300 {
            var record = generator.record()
            record.turns = 0
            ids.append(record.id)
            try place(try RecordGenerator.encode(record), id: record.id.rawValue, paths: paths)
        }
        let allIDs = ids
        let writer = Task.detached {
            // A separate cache object, like another process: it shares only the files.
            guard let other = try? JSONFileTaskCache(paths: paths) else { return 0 }
            var writes = 0
            for round in 1...3 {
                for id in allIDs {
                    if (try? other.update(id, { $0.turns = round })) != nil { writes += 1 }
                }
            }
            return writes
        }
        var loads = 0
        repeat {
            let load = try cache.load()
            #expect(load.problems.isEmpty)
            #expect(Set(load.tasks.map(\.id)) == Set(allIDs))
            #expect(load.tasks.allSatisfy { (0...3).contains($0.turns) })
            loads += 1
        } while loads < 5
        #expect(await writer.value == 900)
        #expect(try cache.load().tasks.allSatisfy { $0.turns == 3 })
    }
}
