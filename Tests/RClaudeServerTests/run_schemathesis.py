#!/usr/bin/env python3
"""Runs schemathesis against a live `rclaude serve` (its own temporary data directory, port 0).

Exit status: schemathesis's. WebSocket routes (x-websocket) are left out: schemathesis speaks
plain HTTP; their upgrade paths are tested by the Swift suites.
"""
import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import time


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rclaude", required=True)
    parser.add_argument("--spec", required=True)
    parser.add_argument("--max-examples", default="40")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rclaude-schemathesis") as home:
        # Agents exit at once: the run creates hundreds of tasks and tests the API, not the agents.
        env = dict(os.environ, RCLAUDE_HOME=os.path.join(home, "client"), HOME=home,
                   RCLAUDE_CLAUDE_BIN="/bin/true", RCLAUDE_CODEX_BIN="/bin/true", RCLAUDE_GEMINI_BIN="/bin/true")
        data = os.path.join(home, "serve")
        token_file = os.path.join(home, "token")
        server = subprocess.Popen(
            [args.rclaude, "serve", "--listen", "127.0.0.1:0", "--data", data, "--token-file", token_file],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
        url = None
        deadline = time.time() + 30
        lines = []
        while time.time() < deadline and url is None:
            line = server.stdout.readline()
            if not line:
                break
            lines.append(line)
            match = re.search(r"listening on (\S+)", line)
            if match:
                url = match.group(1)
        if url is None:
            server.kill()
            print("rclaude serve did not start:\n" + "".join(lines), file=sys.stderr)
            return 1
        with open(token_file) as f:
            token = f.read().strip()
        try:
            # One real task, so routes with an id have something to find.
            subprocess.run(["curl", "-sf", "-o", "/dev/null", "-H", f"Authorization: Bearer {token}",
                            "-H", "Content-Type: application/json", "-d", '{"prompt":"echo seeded","agent":"shell"}',
                            f"{url}/api/tasks"], check=False)
            command = [
                "schemathesis", "run", args.spec, "--url", url, "-H", f"Authorization: Bearer {token}",
                "--checks", "all", "--exclude-checks", "positive_data_acceptance,use_after_free,ensure_resource_availability",
                "--exclude-path-regex", "/ws$", "--max-examples", args.max_examples, "--seed", "1",
                "--suppress-health-check", "all", "--workers", "2",
            ]
            print(" ".join(command[:3]) + " …", flush=True)
            return subprocess.run(command, env=env).returncode
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)


if __name__ == "__main__":
    sys.exit(main())
