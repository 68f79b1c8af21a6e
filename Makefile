# rclaude — build, run, test, benchmark.
#
#   make run            build and start rclaude (ARGS="run --agent shell 'echo hi'" to pass arguments)
#   make test           install what the tests need, build, and run every test
#   make bench          run the benchmarks (results: docs/performance.md)
#   make fuzz           fuzz the terminal emulator with libFuzzer
#
# `deps` installs missing Debian packages (as root, or with sudo) and the Claude Code CLI from
# PyPI (claude-agent-sdk bundles it). On macOS install the Homebrew packages named in README.md.

SWIFT ?= swift
PYTHON ?= python3
CLAUDE_AGENT_SDK_VERSION ?= 0.2.188
CODEX_CLI_VERSION ?= 0.163.0
SCHEMATHESIS_VERSION ?= 4.32.5
MOTO_VERSION ?= 5.2.1
APT_PACKAGES := libncurses-dev libcurl4-openssl-dev libssl-dev libvterm-dev tmux git python3 python3-pip hyperfine iproute2 openssl
ARGS ?=
TEST_ENV = RCLAUDE_CLAUDE_BIN="$(CLAUDE_BIN)" RCLAUDE_CODEX_BIN="$(CODEX_BIN)" RCLAUDE_TEST_PYTHON="$(PYTHON)"

# The Claude Code binary bundled in the pip package (empty if not installed).
CLAUDE_BIN = $(shell $(PYTHON) -c 'import claude_agent_sdk, os; print(os.path.join(os.path.dirname(claude_agent_sdk.__file__), "_bundled", "claude"))' 2>/dev/null)
# The Codex CLI binary from PyPI's openai-codex-cli-bin (empty if not installed).
CODEX_BIN = $(shell $(PYTHON) -c 'import codex_cli_bin; print(codex_cli_bin.bundled_codex_path())' 2>/dev/null)

.PHONY: run test deps deps-apt deps-pip build release bench fuzz format clean

run: deps-apt build
	.build/debug/rclaude $(ARGS)

build:
	$(SWIFT) build

# Release builds link the Swift runtime and Foundation statically on Linux: every command then
# starts about a third sooner (no dozen shared Swift libraries to resolve; decisions.md #29).
STATIC_STDLIB = $(shell [ "$$(uname)" = Linux ] && echo --static-swift-stdlib)

release:
	$(SWIFT) build -c release $(STATIC_STDLIB)

test: deps
	$(TEST_ENV) $(SWIFT) build --build-tests
	$(TEST_ENV) $(SWIFT) test --skip-build --skip AppLoopTests
	# The UI loop's timing tests run on their own, so the blocking end-to-end tests cannot starve them.
	$(SWIFT) test --skip-build --filter AppLoopTests
	# The REST API against its OpenAPI description, with a live server.
	$(PYTHON) Tests/RClaudeServerTests/run_schemathesis.py --rclaude .build/debug/rclaude --spec docs/openapi.yaml

deps: deps-apt deps-pip

deps-apt:
	@if [ "$$(uname)" = Linux ] && command -v dpkg >/dev/null; then \
	  missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	  if [ -n "$$missing" ]; then \
	    echo "installing:$$missing"; \
	    SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	    $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q $$missing; \
	  fi; \
	fi

deps-pip:
	@$(PYTHON) -c 'import claude_agent_sdk, sys; sys.exit(0 if claude_agent_sdk.__version__ == "$(CLAUDE_AGENT_SDK_VERSION)" else 1)' 2>/dev/null \
	  || $(PYTHON) -m pip install -q "claude-agent-sdk==$(CLAUDE_AGENT_SDK_VERSION)"
	@test -x "$(CLAUDE_BIN)" || { echo "the Claude Code binary is missing from claude-agent-sdk"; exit 1; }
	@$(PYTHON) -m pip show openai-codex-cli-bin 2>/dev/null | grep -q "^Version: $(CODEX_CLI_VERSION)$$" \
	  || $(PYTHON) -m pip install -q "openai-codex-cli-bin==$(CODEX_CLI_VERSION)"
	@$(PYTHON) -m pip show schemathesis 2>/dev/null | grep -q "^Version: $(SCHEMATHESIS_VERSION)$$" \
	  || $(PYTHON) -m pip install -q "schemathesis==$(SCHEMATHESIS_VERSION)"
	@$(PYTHON) -m pip show moto 2>/dev/null | grep -q "^Version: $(MOTO_VERSION)$$" && $(PYTHON) -c 'import flask, werkzeug' 2>/dev/null \
	  || $(PYTHON) -m pip install -q "moto[server]==$(MOTO_VERSION)"

BENCH_APT_PACKAGES := openssh-server openssh-client websocketd

bench: deps release
	@for p in $(BENCH_APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || { echo "the remote benchmarks need: apt-get install $(BENCH_APT_PACKAGES)"; exit 1; }; done
	.build/release/TerminalBench --runs 3
	RCLAUDE_CLAUDE_BIN="$(CLAUDE_BIN)" $(PYTHON) Tests/Bench/run_benchmarks.py --rclaude .build/release/rclaude
	$(PYTHON) Tests/Bench/tui_bench.py --rclaude .build/release/rclaude
	$(PYTHON) Tests/Bench/remote_bench.py --rclaude .build/release/rclaude

# libFuzzer over the emulator (parser + screen + resize); FUZZ_SECONDS to run longer.
FUZZ_SECONDS ?= 600
fuzz:
	mkdir -p .build/fuzz-corpus
	swiftc -parse-as-library -sanitize=fuzzer,address -O -module-name EmulatorFuzz \
	  Sources/RClaudeTerminal/*/*.swift Tests/Fuzz/EmulatorFuzz.swift -o .build/emulator-fuzz
	SWIFT_BACKTRACE=enable=no .build/emulator-fuzz .build/fuzz-corpus Tests/RClaudeTerminalTests/Fixtures \
	  -dict=Tests/Fuzz/emulator.dict -max_total_time=$(FUZZ_SECONDS) -max_len=16384

format:
	$(SWIFT) format --in-place --recursive --configuration .swift-format Sources Tests

clean:
	rm -rf .build
