import RClaudeCLI

await RClaudeEntry.main()
