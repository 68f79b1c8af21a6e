import Testing

/// The suites that run the real `rclaude` binary (and tmux, and the Claude CLI). They block while
/// their processes run, so they run one at a time, leaving the other cores to the async tests.
@Suite(.serialized) enum EndToEnd {}
