import Foundation
import RClaudeTestSupport
import Testing

extension EndToEnd {
    /// Repositories into sandboxes and the agent's changes back out, with the real Claude Code
    /// CLI and real git repositories.
    @Suite(.serialized) struct RepositoryTests {
        @Test func aRealClaudeTaskCommitsAndPullBringsExactlyItsChangesBack() throws {
            let scenario = try ClaudeScenario("commit_and_edit.json")
            defer { scenario.done() }
            let h = scenario.harness
            let repo = try ScratchRepository(at: h.root.appending("repo"))
            let base = repo.head
            // Work the user has not committed: it stays where it is, and is not carried.
            try "my own edit\n".write(toFile: repo.path + "/README.md", atomically: true, encoding: .utf8)
            try "junk\n".write(toFile: repo.path + "/junk.tmp", atomically: true, encoding: .utf8)
            let statusBefore = try repo.git("status", "--porcelain")

            let run = try h.run(["run", "--repo", repo.path, "--agent", "claude", "add the feature"], timeout: 180)
            #expect(run.status == 0, "stdout: \(run.stdout)\nstderr: \(run.stderr)")
            #expect(run.stderr.contains("1 uncommitted change and 1 untracked file are not carried"), "\(run.stderr)")
            let task = try scenario.onlyTask()
            let id = try #require(task["id"] as? String)
            #expect(task["baseCommit"] as? String == base)
            #expect(task["branch"] as? String == "rclaude/\(id)")

            let diff = try h.run(["diff", id])
            #expect(diff.status == 0, "\(diff.stderr)")
            #expect(diff.stdout.contains("+the feature"))
            #expect(diff.stdout.contains("-original readme\n+edited readme"))
            #expect(diff.stdout.contains("+left uncommitted"))
            #expect(!diff.stdout.contains("\u{1B}["), "no color when stdout is not a terminal")

            let pull = try h.run(["pull", id])
            #expect(pull.status == 0, "\(pull.stderr)")
            let branch = "rclaude/\(id)-result"
            #expect(pull.stdout.contains("pulled 2 commits into branch \(branch)"), "\(pull.stdout)")
            let subjects = try repo.git("log", "--format=%s", "\(base)..\(branch)").split(separator: "\n")
            #expect(subjects.count == 2)
            #expect(subjects.last == "Add the feature", "the agent's own commit")
            #expect(try repo.git("diff", base, branch) == diff.stdout, "the pulled branch holds exactly the diff")
            #expect(repo.head == base, "the checked-out branch did not move")
            #expect(try repo.git("status", "--porcelain") == statusBefore, "the user's working tree and index are untouched")
            #expect(try String(contentsOfFile: repo.path + "/README.md", encoding: .utf8) == "my own edit\n")

            let again = try h.run(["pull", id])
            #expect(again.status != 0)
            #expect(again.stderr.contains("--branch"), "\(again.stderr)")
            let named = try h.run(["pull", id, "--branch", "review/feature"])
            #expect(named.status == 0, "\(named.stderr)")
            #expect(try repo.git("rev-parse", "review/feature^{tree}") == (try repo.git("rev-parse", branch + "^{tree}")), "the same changes")
        }

        @Test func badRepositoriesAndBaseRefsStopBeforeATaskExists() throws {
            let h = try RClaudeHarness()
            defer { h.remove() }
            let plain = h.root.appending("plain")
            try FileManager.default.createDirectory(atPath: plain, withIntermediateDirectories: true)
            let notRepo = try h.run(["run", "--agent", "shell", "--repo", plain, "true"])
            #expect(notRepo.status != 0)
            #expect(notRepo.stderr.contains("git"), "\(notRepo.stderr)")
            let repo = try ScratchRepository(at: h.root.appending("repo"))
            let badBase = try h.run(["run", "--agent", "shell", "--repo", repo.path, "--base", "no-such-ref", "true"])
            #expect(badBase.status != 0)
            #expect(badBase.stderr.contains("no-such-ref"), "\(badBase.stderr)")
            #expect(RClaudeHarness.jsonLines(try h.run(["ls", "--json"]).stdout).isEmpty, "nothing was created")

            let plainTask = try h.run(["run", "--agent", "shell", "true"])
            #expect(plainTask.status == 0)
            let id = try #require(RClaudeHarness.jsonLines(try h.run(["ls", "--json"]).stdout).first?["id"] as? String)
            let diff = try h.run(["diff", id])
            #expect(diff.status != 0)
            #expect(diff.stderr.contains("did not start from a repository"), "\(diff.stderr)")
        }

        @Test func aBaseRefIsWhereTheBranchStartsAndAURLIsCloned() throws {
            let h = try RClaudeHarness()
            defer { h.remove() }
            let repo = try ScratchRepository(at: h.root.appending("repo"))
            let first = repo.head
            try "second\n".write(toFile: repo.path + "/second.txt", atomically: true, encoding: .utf8)
            try repo.git("add", "second.txt")
            try repo.git("commit", "-q", "-m", "Second")
            let run = try h.run(["run", "--agent", "shell", "--repo", repo.path, "--base", first, "ls; git log --format=%s"])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.contains("README.md") && !run.stdout.contains("second.txt"), "\(run.stdout)")
            #expect(run.stdout.contains("First") && !run.stdout.contains("Second"))

            let bare = h.root.appending("bare.git")
            _ = try CommandRunner.run("/usr/bin/git", ["clone", "-q", "--bare", repo.path, bare], environment: ProcessInfo.processInfo.environment, timeout: 60)
            let cloned = try h.run([
                "run", "--agent", "shell", "--repo", "file://" + bare,
                "git rev-parse --abbrev-ref HEAD; echo change >> README.md; git commit -qam 'From the clone'",
            ])
            #expect(cloned.status == 0, "\(cloned.stderr)")
            let task = try #require(RClaudeHarness.jsonLines(try h.run(["ls", "--json"]).stdout).first)
            let id = try #require(task["id"] as? String)
            #expect(cloned.stdout.contains("rclaude/\(id)"))
            let pull = try h.run(["pull", id, "--into", repo.path])
            #expect(pull.status == 0, "\(pull.stderr)")
            #expect(try repo.git("log", "--format=%s", "-1", "rclaude/\(id)").contains("From the clone"))
        }
    }
}
