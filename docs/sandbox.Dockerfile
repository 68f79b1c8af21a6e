# The sandbox image for rclaude's docker provider: Claude Code, the Codex CLI, git, and
# `rclaude serve` (so the same image can back a remote or ECS host).
#
#   docker build -f docs/sandbox.Dockerfile -t rclaude-sandbox:latest .
#   RCLAUDE_DOCKER_IMAGE=rclaude-sandbox:latest rclaude run --provider docker 'fix the flaky test'
#
# Stage 1 builds rclaude; stage 2 is a slim Debian with the agent CLIs from PyPI.
FROM swift:6.1-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libncurses-dev libcurl4-openssl-dev libssl-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY themes ./themes
RUN swift build -c release --product rclaude --static-swift-stdlib

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends \
      ca-certificates git python3 python3-pip libncursesw6 libcurl4 libssl3 procps \
    && rm -rf /var/lib/apt/lists/*
# Claude Code (bundled in the Agent SDK's wheel) and the Codex CLI.
RUN pip3 install --break-system-packages --no-cache-dir claude-agent-sdk==0.2.188 openai-codex-cli-bin==0.163.0 \
    && ln -s "$(python3 -c 'import claude_agent_sdk, os; print(os.path.join(os.path.dirname(claude_agent_sdk.__file__), "_bundled", "claude"))')" /usr/local/bin/claude \
    && ln -s "$(python3 -c 'import codex_cli_bin; print(codex_cli_bin.bundled_codex_path())')" /usr/local/bin/codex
COPY --from=build /src/.build/release/rclaude /usr/local/bin/rclaude
RUN useradd --create-home --shell /bin/bash agent && mkdir -p /workspace && chown agent /workspace
USER agent
WORKDIR /workspace
# As a remote/ECS host: rclaude serve --listen 0.0.0.0:7070 (token from a mounted 0600 file).
CMD ["/bin/sh", "-c", "trap 'exit 0' TERM INT; while :; do sleep 3600 & wait $!; done"]
