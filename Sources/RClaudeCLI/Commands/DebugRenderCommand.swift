import ArgumentParser
import Foundation
import RClaudeTerminal

/// `rclaude debug render`: feeds a captured byte stream through the emulator and prints the
/// final screen, as text or as JSON cells (like libvterm's `vterm-dump`).
struct DebugRenderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Feed bytes through the terminal emulator and print the final screen.",
        discussion: "text: the visible rows, trailing spaces trimmed. json: cells with character, width, colours and attributes, plus cursor and modes (docs/terminal.md).")

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Option(help: "Screen width in columns.") var cols: Int = 80
    @Option(help: "Screen height in rows.") var rows: Int = 24
    @Option(help: "Output format: text or json.") var format: Format = .text
    @Argument(help: "The file to read, or - for stdin.") var file: String = "-"

    func validate() throws {
        guard (1...1000).contains(cols), (1...1000).contains(rows) else {
            throw ValidationError("--cols and --rows must be between 1 and 1000")
        }
    }

    func run() async throws {
        var emulator = Emulator(cols: cols, rows: rows)
        let handle: FileHandle
        if file == "-" {
            handle = FileHandle.standardInput
        } else {
            guard let opened = FileHandle(forReadingAtPath: file) else {
                throw ValidationError("cannot read '\(file)': check that the file exists and is readable")
            }
            handle = opened
        }
        // Stream in chunks: a capture can be far larger than memory should hold at once.
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            _ = emulator.feed(chunk)
        }
        switch format {
        case .text:
            let text = ScreenDump.text(emulator)
            StandardStreams.out(text.hasSuffix("\n") ? text : text + "\n")
        case .json:
            StandardStreams.out(ScreenDump.json(emulator) + "\n")
        }
    }
}
