import Foundation
import RClaudeProviders
import Testing

/// Diff colors follow the line's role, not just its first character.
@Suite struct GitDiffColorizerTests {
    @Test func rolesGetTheirColors() {
        let diff = """
            diff --git a/q.sql b/q.sql
            index 1111111..2222222 100644
            --- a/q.sql
            +++ b/q.sql
            @@ -1,2 +1,2 @@ select
             select 1;
            --- a comment line removed
            +++ an added line that starts with ++

            """
        let bold = "\u{1B}[1m", green = "\u{1B}[32m", red = "\u{1B}[31m", cyan = "\u{1B}[36m", reset = "\u{1B}[0m"
        #expect(
            DiffColorizer.colorize(diff) == """
                \(bold)diff --git a/q.sql b/q.sql\(reset)
                \(bold)index 1111111..2222222 100644\(reset)
                \(bold)--- a/q.sql\(reset)
                \(bold)+++ b/q.sql\(reset)
                \(cyan)@@ -1,2 +1,2 @@ select\(reset)
                 select 1;
                \(red)--- a comment line removed\(reset)
                \(green)+++ an added line that starts with ++\(reset)

                """)
    }

    @Test func aPipeIsNotColored() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        #expect(!DiffColorizer.shouldColorize(descriptor: fds[1], environment: ["TERM": "xterm"]))
        #expect(DiffColorizer.colorize("") == "")
    }
}
