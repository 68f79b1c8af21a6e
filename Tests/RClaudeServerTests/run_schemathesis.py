#!/usr/bin/env python3
"""Runs schemathesis against a live `rclaude serve` (its own temporary data directory, port 0).

Exit status: schemathesis's. WebSocket routes (x-websocket) are left out: schemathesis speaks
plain HTTP; their upgrade paths are tested by the Swift suites.
"""
import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request


def cancel_active_tasks(url: str, token: str) -> None:
    """The run starts interactive sessions that would run on after the server stops: cancel them."""
    headers = {"Authorization": "Bearer " + token}
    try:
        with urllib.request.urlopen(urllib.request.Request(url + "/api/tasks", headers=headers), timeout=30) as reply:
            tasks = json.load(reply)["tasks"]
    except Exception as error:  # the server may be gone; nothing to clean then
        print("could not list tasks to cancel them: %s" % error, file=sys.stderr)
        return
    def cancel(task_id):
        request = urllib.request.Request(url + "/api/tasks/%s/cancel" % task_id, data=b"", headers=headers, method="POST")
        try:
            urllib.request.urlopen(request, timeout=30).close()
        except Exception:
            pass

    # Interactive shells ignore SIGTERM, so each cancel waits out its grace period: all at once.
    active = [t["id"] for t in tasks if t.get("status") in ("queued", "starting", "running", "waiting")]
    threads = [threading.Thread(target=cancel, args=(task_id,)) for task_id in active]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Cancelling waits for each task's supervisor; give them a moment to finish.
    deadline = time.time() + 20
    while time.time() < deadline:
        with urllib.request.urlopen(urllib.request.Request(url + "/api/tasks", headers=headers), timeout=30) as reply:
            if not any(t.get("status") in ("queued", "starting", "running", "waiting") for t in json.load(reply)["tasks"]):
                return
        time.sleep(0.5)


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
            cancel_active_tasks(url, token)
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)


if __name__ == "__main__":
    sys.exit(main())
