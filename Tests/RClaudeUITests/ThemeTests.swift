import Foundation
import RClaudeTerminal
import Testing

@testable import RClaudeUI

/// Theme files, the loader's error messages, colours and colour reduction.
@Suite struct ThemeTests {
    static let themesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("themes")

    static func themeFiles() -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: themesDirectory.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().map { themesDirectory.appendingPathComponent($0) }
    }

    @Test func everyThemeFileDecodesWithoutProblems() throws {
        let files = Self.themeFiles()
        #expect(files.count >= 3)
        for file in files {
            let result = ThemeLoader.decode(try Data(contentsOf: file), source: "themes/" + file.lastPathComponent)
            #expect(result.problems == [], "\(file.lastPathComponent)")
            #expect(result.theme != nil)
            if let theme = result.theme {
                for role in ThemeRole.allCases {
                    #expect(theme.styles[role] != nil, "\(file.lastPathComponent) lacks \(role.rawValue)")
                }
            }
        }
    }

    @Test func shippedFilesMatchTheBuiltInThemes() throws {
        for builtIn in Theme.builtIns {
            let file = Self.themesDirectory.appendingPathComponent(builtIn.name + ".json")
            let result = ThemeLoader.decode(try Data(contentsOf: file), source: file.lastPathComponent)
            #expect(result.theme == builtIn, "themes/\(builtIn.name).json differs from the built-in theme")
        }
    }

    @Test func writtenThemesDecodeBackToTheSameTheme() {
        for theme in Theme.builtIns {
            let text = ThemeLoader.encode(theme, base: theme.isDark ? "dark" : "light")
            let decoded = ThemeLoader.decode(Data(text.utf8), source: "x.json")
            #expect(decoded.theme == theme)
            #expect(decoded.problems.isEmpty)
        }
    }

    @Test func mistakesAreReportedWithFileAndFieldAndTheRestStillLoads() {
        let json = """
            {"name": "mine", "base": "light", "colour": 1,
             "roles": {"status.running": "purpel", "status.failed": {"fg": "#123456", "bold": "yes", "shiny": true},
                       "no.such.role": "red", "text": "bright-white"},
             "terminal": {"ansi": ["red"]}}
            """
        let result = ThemeLoader.decode(Data(json.utf8), source: "themes/mine.json")
        #expect(result.theme?.name == "mine")
        #expect(result.theme?[.text].foreground == .indexed(15))
        #expect(result.theme?[.statusRunning] == Theme.light[.statusRunning], "a bad field keeps the base's style")
        #expect(result.theme?[.statusFailed].foreground == .rgb(0x12, 0x34, 0x56))
        let problems = result.problems.joined(separator: "\n")
        #expect(problems.contains("themes/mine.json: roles.status.running: 'purpel' is not a colour"))
        #expect(problems.contains("roles.status.failed.bold: must be true or false"))
        #expect(problems.contains("roles.status.failed.shiny: unknown style field"))
        #expect(problems.contains("roles.no.such.role: unknown role"))
        #expect(problems.contains("unknown field 'colour'"))
        #expect(problems.contains("terminal.ansi must be a list of 16 colours"))
    }

    @Test func brokenJSONFallsBack() {
        let result = ThemeLoader.decode(Data("{nope".utf8), source: "bad.json")
        #expect(result.theme == nil)
        #expect(result.problems.first?.hasPrefix("bad.json: not valid JSON") == true)
    }

    @Test func colours() {
        #expect(ThemeColorParser.parse("default") == .default)
        #expect(ThemeColorParser.parse("208") == .indexed(208))
        #expect(ThemeColorParser.parse("#5fafff") == .indexed(75))
        #expect(ThemeColorParser.parse("#123456") == .rgb(0x12, 0x34, 0x56))
        #expect(ThemeColorParser.parse("bright-red") == .indexed(9))
        #expect(ThemeColorParser.parse("256") == nil)
        #expect(ThemeColorParser.parse("#12345") == nil)
    }

    @Test func colourDepthReduction() {
        #expect(ColorDepth(colors: 256, noColor: false) == .palette256)
        #expect(ColorDepth(colors: 8, noColor: false) == .ansi)
        #expect(ColorDepth(colors: 256, noColor: true) == ColorDepth.none)
        #expect(ColorDepth.palette256.reduce(.rgb(0x5f, 0xaf, 0xff)) == .indexed(75))
        #expect(ColorDepth.palette256.reduce(.rgb(0x30, 0x30, 0x30)) == .indexed(236))
        #expect(ColorDepth.ansi.reduce(.indexed(203)) == .indexed(9))
        #expect(ColorDepth.ansi.reduce(.indexed(2)) == .indexed(2))
        #expect(ColorDepth.ansi.reduce(.indexed(114)) == .indexed(10))
        #expect(ColorDepth.ansi.reduce(.indexed(236)) == .indexed(8))
        #expect(ColorDepth.ansi.reduce(.indexed(250)) == .indexed(7))
        #expect(ColorDepth.ansi.reduce(.indexed(75)) == .indexed(12))
        #expect(ColorDepth.none.reduce(.indexed(2)) == .default)
    }

    @Test func monochromeKeepsSelectionVisible() {
        let mono = Theme.dark.withoutColors()
        #expect(mono[.listSelected].attributes.contains(.inverse))
        for role in ThemeRole.allCases {
            #expect(mono[role].foreground == .default && mono[role].background == .default)
        }
    }

    @Test func switchingThemeChangesColoursOnScreen() {
        var state = UIFixtures.state()
        let dark = RootView.frame(state)
        _ = AppReducer.reduce(&state, .input(.key(KeyEvent(.character("t")))))
        let light = RootView.frame(state)
        #expect(
            dark.lines == light.lines.map { $0.replacingOccurrences(of: "light", with: " dark") }
                || dark[1, 0].style != light[1, 0].style)
        #expect(dark[0, 1].style.foreground == Theme.dark[.borderFocused].foreground)
        #expect(light[0, 1].style.foreground == Theme.light[.borderFocused].foreground)
    }
}
