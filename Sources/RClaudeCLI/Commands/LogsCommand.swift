import ArgumentParser
import Foundation
import RClaudeCore
import RClaudeProviders
import RClaudeStore

/// `rclaude logs ID`: a task's output, readable or as JSON events; `--follow` tails it live.
struct LogsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "Print a task's output (decoded events; raw bytes for interactive tasks).",
        discussion: "On a terminal, control characters from the task are shown escaped (^[), never interpreted.")

    @Argument(help: "The task id or a unique prefix.") var id: String
    @Flag(name: .shortAndLong, help: "Keep printing new output until the task ends.") var follow = false
    @Flag(help: "Print the decoded events as JSON lines.") var json = false
    @Flag(help: "Print the raw output bytes exactly as the agent wrote them.") var raw = false

    func run() async throws {
        let env = try LiveEnvironment.make()
        let located = try await env.locate(id)
        if case .remote(let record, let service) = located {
            try await RemoteLogs(service: service, json: json, raw: raw, follow: follow).print(record)
            return
        }
        let task = located.record
        let useRaw = raw || (task.options.interactive && !json)
        let file = useRaw ? env.paths.outputFile(task.id.rawValue) : env.paths.eventsFile(task.id.rawValue)
        var renderer = EventTextRenderer(
            color: StandardStreams.stdoutIsTerminal && env.environment["NO_COLOR"] == nil,
            width: TerminalWidth.current() ?? 120)
        var splitter = LineSplitter()
        var offset: OutputOffset = 0
        let toTerminal = StandardStreams.stdoutIsTerminal
        while true {
            let bytes = try CLIError.wrap { try FileOutputStorage.read(path: file, from: offset, maxCount: 1 << 20) }
            if !bytes.isEmpty {
                offset += OutputOffset(bytes.count)
                if useRaw {
                    if toTerminal { StandardStreams.out(TextSanitizer.sanitize(bytes: bytes)) } else { StandardStreams.outBytes(bytes) }
                } else {
                    var text = ""
                    for line in splitter.feed(bytes) {
                        if json {
                            text += String(decoding: line, as: UTF8.self) + "\n"
                        } else if let event = try? JSONDecoder().decode(AgentEvent.self, from: Data(line)) {
                            text += renderer.render(event)
                        }
                    }
                    StandardStreams.out(text)
                }
                continue
            }
            guard follow else { break }
            let current = try CLIError.wrap { try env.cache.load(task.id) }
            if current.status.isTerminal {
                // One more read catches bytes written just before the status changed.
                let tail = try CLIError.wrap { try FileOutputStorage.read(path: file, from: offset, maxCount: 1) }
                if tail.isEmpty { break }
                continue
            }
            if let pid = current.supervisorPID, !ProcessLiveness.isAlive(pid) {
                _ = try? env.loadTasks()
                continue
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        if !json, !useRaw, follow || StandardStreams.stdoutIsTerminal {
            let final = try CLIError.wrap { try env.cache.load(task.id) }
            if final.status == .failed, let reason = final.reason {
                StandardStreams.err("task \(final.id) failed: \(TextSanitizer.sanitize(reason))\n")
            }
        }
    }
}
