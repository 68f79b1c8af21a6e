import Foundation
import RClaudeCore
import RClaudeProviders
import RClaudeTestSupport
import Testing

/// `~/.claude.json` gets exactly the settings an interactive session needs, and keeps the rest.
@Suite struct ClaudeHomePreparerTests {
    func read(_ path: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    @Test func mergesIntoExistingSettingsAndKeepsEverythingElse() throws {
        let home = try TemporaryDirectory(prefix: "rclaude-home")
        defer { home.remove() }
        let path = home.appending(".claude.json")
        try Data(#"{"theme":"light","userID":"u-1","projects":{"/other":{"allowedTools":["Bash"]}},"customApiKeyResponses":{"approved":[],"rejected":["abcdefghij0123456789"]}}"#.utf8)
            .write(to: URL(fileURLWithPath: path))
        let preparer = ClaudeHomePreparer(environment: ["HOME": home.path])
        try preparer.prepare(workspace: "/ws/task1", apiKey: "sk-live-xxxxxxxxxxxxxxxxxxxxxxxxxxxxabcdefghij0123456789", bypassPermissions: false)
        let settings = try read(path)
        #expect(settings["theme"] as? String == "light", "the user's theme stays")
        #expect(settings["userID"] as? String == "u-1")
        #expect(settings["hasCompletedOnboarding"] as? Bool == true)
        let projects = try #require(settings["projects"] as? [String: [String: Any]])
        #expect(projects["/ws/task1"]?["hasTrustDialogAccepted"] as? Bool == true)
        #expect(projects["/other"]?["allowedTools"] as? [String] == ["Bash"])
        let responses = try #require(settings["customApiKeyResponses"] as? [String: [String]])
        #expect(responses["approved"] == [], "a key the user rejected stays rejected")
        #expect(settings["bypassPermissionsModeAccepted"] == nil)

        try preparer.prepare(workspace: "/ws/task2", apiKey: "sk-test-scripted-0123456789abcdef", bypassPermissions: true)
        let again = try read(path)
        #expect((again["customApiKeyResponses"] as? [String: [String]])?["approved"] == ["ted-0123456789abcdef"], "the key's last 20 characters are approved")
        #expect(again["bypassPermissionsModeAccepted"] as? Bool == true)
        #expect((again["projects"] as? [String: Any])?.count == 3)
    }

    @Test func aFileThatIsNotAJSONObjectIsLeftAloneWithAClearError() throws {
        let home = try TemporaryDirectory(prefix: "rclaude-home")
        defer { home.remove() }
        let path = home.appending(".claude.json")
        try Data("[1,2".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: CoreError.self) {
            try ClaudeHomePreparer(environment: ["HOME": home.path]).prepare(workspace: "/w", apiKey: nil, bypassPermissions: false)
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "[1,2")
    }
}
