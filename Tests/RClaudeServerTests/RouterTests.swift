import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import RClaudeCore
import RClaudeServer
import RClaudeTestSupport
import Testing

/// The REST API through Hummingbird's router test client: auth, errors and bad input.
@Suite struct RouterTests {
    @Test func healthNeedsNoTokenButEverythingElseDoes() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
            #expect(health.json["status"] as? String == "ok")

            let missing = try await client.execute(uri: "/api/tasks", method: .get)
            #expect(missing.status == .unauthorized)
            #expect(missing.json["code"] as? String == "unauthorized")
            #expect((missing.json["message"] as? String)?.contains("Bearer") == true)
            #expect(missing.headers[.wwwAuthenticate] != nil)

            let wrong = try await client.execute(uri: "/api/tasks", method: .get, headers: [.authorization: "Bearer nope"])
            #expect(wrong.status == .forbidden)
            #expect(wrong.json["code"] as? String == "forbidden")

            let basic = try await client.execute(uri: "/api/tasks", method: .get, headers: [.authorization: "Basic abc"])
            #expect(basic.status == .unauthorized)

            let ok = try await client.execute(uri: "/api/tasks", method: .get, headers: fixture.auth)
            #expect(ok.status == .ok)
            #expect((ok.json["tasks"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func badBodiesGetClearErrorsNamingTheProblem() async throws {
        var limits = ServerLimits()
        limits.maxRequestBody = 4096
        let fixture = try ServerFixture(limits: limits)
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            func post(_ body: String) async throws -> TestResponse {
                try await client.execute(uri: "/api/tasks", method: .post, headers: fixture.jsonAuth, body: .text(body))
            }
            let malformed = try await post("{\"prompt\": ")
            #expect(malformed.status == .badRequest)
            #expect((malformed.json["message"] as? String)?.contains("not valid JSON") == true)

            let notObject = try await post("[1,2]")
            #expect(notObject.status == .badRequest)
            #expect((notObject.json["message"] as? String)?.contains("JSON object") == true)

            let unknown = try await post(#"{"prompt":"x","agnet":"shell"}"#)
            #expect(unknown.status == .badRequest)
            #expect((unknown.json["message"] as? String)?.contains("\"agnet\"") == true)

            let wrongType = try await post(#"{"prompt":"x","maxTurns":"three"}"#)
            #expect(wrongType.status == .badRequest)
            #expect((wrongType.json["message"] as? String)?.contains("maxTurns") == true)

            let missing = try await post(#"{"agent":"shell"}"#)
            #expect(missing.status == .badRequest)
            #expect((missing.json["message"] as? String)?.contains("prompt") == true)

            let badAgent = try await post(#"{"prompt":"x","agent":"cobol"}"#)
            #expect(badAgent.status == .badRequest)
            #expect((badAgent.json["message"] as? String)?.contains("unknown agent") == true)

            let empty = try await post(#"{"prompt":"   "}"#)
            #expect(empty.status == .badRequest)

            let huge = try await post(#"{"prompt":""# + String(repeating: "a", count: 10_000) + #""}"#)
            #expect(huge.status == .contentTooLarge)
            #expect(huge.json["code"] as? String == "tooLarge")

            let listing = try await client.execute(uri: "/api/tasks", method: .get, headers: fixture.auth)
            #expect((listing.json["tasks"] as? [Any])?.isEmpty == true, "no bad request created a task")
        }
    }

    @Test func unknownRoutesIdsAndOffsetsAreClearErrors() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            let route = try await client.execute(uri: "/api/nothing", method: .get, headers: fixture.auth)
            #expect(route.status == .notFound)
            #expect(route.json["code"] as? String == "notFound")

            let badID = try await client.execute(uri: "/api/tasks/xyz", method: .get, headers: fixture.auth)
            #expect(badID.status == .badRequest)
            #expect((badID.json["message"] as? String)?.contains("task id") == true)

            let absent = try await client.execute(uri: "/api/tasks/0123456789ab", method: .get, headers: fixture.auth)
            #expect(absent.status == .notFound)

            let badOffset = try await client.execute(uri: "/api/tasks/0123456789ab/output?from=-4", method: .get, headers: fixture.auth)
            #expect(badOffset.status == .badRequest)

            let plainGetOnWebSocket = try await client.execute(uri: "/api/tasks/0123456789ab/output/ws", method: .get, headers: fixture.auth)
            #expect(plainGetOnWebSocket.status == .badRequest)
        }
    }

    @Test func shellTaskRunsAndTheFileAPIStaysInsideItsWorkspace() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            let created = try await client.execute(
                uri: "/api/tasks", method: .post, headers: fixture.jsonAuth,
                body: .text(#"{"prompt":"printf 'hello\\n' > greeting.txt; mkdir sub; ln -s /etc/passwd sub/out; echo done","agent":"shell"}"#))
            #expect(created.status == .created, "\(created.text)")
            let id = try #require(created.json["id"] as? String)

            var status = ""
            for _ in 0..<300 {
                let task = try await client.execute(uri: "/api/tasks/\(id)", method: .get, headers: fixture.auth)
                status = task.json["status"] as? String ?? ""
                if ["succeeded", "failed", "cancelled"].contains(status) { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(status == "succeeded")

            let output = try await client.execute(uri: "/api/tasks/\(id)/output?from=0", method: .get, headers: fixture.auth)
            #expect(output.text == "done\n")
            #expect(output.headers[.init("X-Task-Finished")!] == "true")
            let tail = try await client.execute(uri: "/api/tasks/\(id)/output?from=2", method: .get, headers: fixture.auth)
            #expect(tail.text == "ne\n")
            let future = try await client.execute(uri: "/api/tasks/\(id)/output?from=999", method: .get, headers: fixture.auth)
            #expect(future.status == .badRequest)

            let listing = try await client.execute(uri: "/api/tasks/\(id)/files", method: .get, headers: fixture.auth)
            let entries = try #require(listing.json["entries"] as? [[String: Any]])
            #expect(entries.compactMap { $0["path"] as? String } == ["sub", "greeting.txt"])

            let file = try await client.execute(uri: "/api/tasks/\(id)/files/content?path=greeting.txt", method: .get, headers: fixture.auth)
            #expect(file.text == "hello\n")

            for hostile in ["../../etc/passwd", "/etc/passwd", "sub/out", "greeting.txt%00.png", "sub/../../x"] {
                let read = try await client.execute(uri: "/api/tasks/\(id)/files/content?path=\(hostile)", method: .get, headers: fixture.auth)
                #expect(read.status == .forbidden, "read \(hostile): \(read.status) \(read.text)")
                #expect(!read.text.contains("root:"), "nothing outside was read")
                let write = try await client.execute(
                    uri: "/api/tasks/\(id)/files/content?path=\(hostile)", method: .put, headers: fixture.auth, body: .text("owned"))
                #expect(write.status == .forbidden, "write \(hostile): \(write.status) \(write.text)")
            }
            #expect(try String(contentsOfFile: "/etc/passwd", encoding: .utf8).contains("root:"))

            let write = try await client.execute(
                uri: "/api/tasks/\(id)/files/content?path=sub/new.txt", method: .put, headers: fixture.auth, body: .text("new"))
            #expect(write.status == .noContent)
            let back = try await client.execute(uri: "/api/tasks/\(id)/files/content?path=sub/new.txt", method: .get, headers: fixture.auth)
            #expect(back.text == "new")
            let noDir = try await client.execute(
                uri: "/api/tasks/\(id)/files/content?path=nope/new.txt", method: .put, headers: fixture.auth, body: .text("x"))
            #expect(noDir.status == .notFound)
            let directoryRead = try await client.execute(uri: "/api/tasks/\(id)/files/content?path=sub", method: .get, headers: fixture.auth)
            #expect(directoryRead.status == .badRequest)

            let events = try await client.execute(uri: "/api/tasks/\(id)/events", method: .get, headers: fixture.auth)
            #expect(events.json["finished"] as? Bool == true)

            let session = try await client.execute(
                uri: "/api/sessions/\(id)/execute", method: .post, headers: fixture.jsonAuth,
                body: .text(#"{"command":"cat greeting.txt; echo err >&2; exit 3"}"#))
            #expect(session.status == .ok, "\(session.text)")
            #expect(session.json["stdout"] as? String == "hello\n")
            #expect(session.json["stderr"] as? String == "err\n")
            #expect(session.json["exitCode"] as? Int == 3)
            #expect(session.json["timedOut"] as? Bool == false)

            let slow = try await client.execute(
                uri: "/api/sessions/\(id)/execute", method: .post, headers: fixture.jsonAuth,
                body: .text(#"{"command":"sleep 30","timeoutSeconds":1}"#))
            #expect(slow.json["timedOut"] as? Bool == true)

            let removed = try await client.execute(uri: "/api/tasks/\(id)", method: .delete, headers: fixture.auth)
            #expect(removed.status == .noContent)
            let gone = try await client.execute(uri: "/api/tasks/\(id)", method: .get, headers: fixture.auth)
            #expect(gone.status == .notFound)
        }
    }
}
