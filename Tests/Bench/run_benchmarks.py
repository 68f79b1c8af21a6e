#!/usr/bin/env python3
"""rclaude benchmarks, each against a named peer in the same run.

    python3 Tests/Bench/run_benchmarks.py --rclaude .build/release/rclaude [--claude PATH] [--runs N]

1. `rclaude run --agent claude` vs bare `claude -p` on the same scripted scenario (wall time ratio;
   goal <= 1.05). Both talk to the scripted Messages API on 127.0.0.1 and run in the same directory;
   a second row runs rclaude in a new managed workspace per task (claude's first visit to a
   directory costs it extra work).
2. `rclaude run --agent shell 'echo x'`: start to first output byte (goal <= 50 ms), against
   `sh -c 'echo x'` started the same way.
3. Loading 10,000 and 100,000 cached tasks (`rclaude debug load-cache`; goals 100 ms and 1 s),
   against Python's json module reading the same files.
4. `rclaude ls --all --json` on 10,000 tasks, against `cat` of the same files.

Prints a Markdown table; numbers are medians. The machine is shared and noisy: read the ratios.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SERVER = os.path.join(ROOT, "Tests", "RClaudeProvidersTests", "Fixtures", "ScriptedAPI", "server.py")
SCENARIO = os.path.join(os.path.dirname(SERVER), "simple.json")


def find_claude(explicit):
    if explicit:
        return explicit
    if os.environ.get("RCLAUDE_CLAUDE_BIN"):
        return os.environ["RCLAUDE_CLAUDE_BIN"]
    import claude_agent_sdk  # noqa: E402

    return os.path.join(os.path.dirname(claude_agent_sdk.__file__), "_bundled", "claude")


def start_server(tmp):
    proc = subprocess.Popen(
        [sys.executable, SERVER, "--scenario", SCENARIO, "--log", os.path.join(tmp, "requests.jsonl")],
        stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    assert line.startswith("PORT "), line
    return proc, int(line.split()[1])


def timed(cmd, env, cwd=None):
    start = time.perf_counter()
    result = subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit("command failed (%d): %s" % (result.returncode, " ".join(cmd[:4])))
    return elapsed


def first_byte(cmd, env):
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    proc.stdout.read(1)
    elapsed = time.perf_counter() - start
    proc.stdout.read()
    proc.wait()
    return elapsed


def write_tasks(data_dir, count):
    tasks = os.path.join(data_dir, "tasks")
    os.makedirs(tasks, mode=0o700, exist_ok=True)
    for i in range(count):
        tid = uuid.uuid4().hex[:12]
        record = {
            "agent": "claude", "agentSessionID": str(uuid.uuid4()), "costUSD": 0.0123, "createdAt": 1790000000.0 + i,
            "endedAt": 1790000010.0 + i, "environmentKeys": [], "exitCode": 0, "followUps": [], "id": tid,
            "options": {"allowedTools": [], "interactive": False}, "prompt": "benchmark task %d: fix the flaky test" % i,
            "provider": "local", "schemaVersion": 1, "startedAt": 1790000001.0 + i, "status": "succeeded", "turns": 4,
            "usage": {"cacheCreationInputTokens": 0, "cacheReadInputTokens": 0, "inputTokens": 18686, "outputTokens": 73},
            "workspacePath": "/tmp/ws/" + tid, "workspaceSpec": {"managed": {}},
        }
        d = os.path.join(tasks, tid)
        os.mkdir(d, 0o700)
        with open(os.path.join(d, "task.json"), "w") as f:
            json.dump(record, f, sort_keys=True, separators=(",", ":"))


def python_load(data_dir):
    start = time.perf_counter()
    tasks = os.path.join(data_dir, "tasks")
    n = 0
    for name in os.listdir(tasks):
        with open(os.path.join(tasks, name, "task.json")) as f:
            json.load(f)
            n += 1
    return time.perf_counter() - start


def rclaude_load(rclaude, env, repeat):
    out = subprocess.run([rclaude, "debug", "load-cache", "--repeat", str(repeat)], env=env, capture_output=True,
                         text=True, check=True).stdout
    return [float(line.split(" in ")[1].split()[0]) / 1000 for line in out.splitlines()]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rclaude", required=True)
    ap.add_argument("--claude")
    ap.add_argument("--runs", type=int, default=10)
    args = ap.parse_args()
    rclaude = os.path.abspath(args.rclaude)
    claude = find_claude(args.claude)
    rows = []
    tmp = tempfile.mkdtemp(prefix="rclaude-bench-")
    server, port = start_server(tmp)
    try:
        home = os.path.join(tmp, "home")
        ws = os.path.join(tmp, "ws")
        os.makedirs(home)
        os.makedirs(ws)
        env = dict(os.environ, HOME=home, RCLAUDE_HOME=os.path.join(tmp, "rc"), RCLAUDE_CLAUDE_BIN=claude,
                   ANTHROPIC_BASE_URL="http://127.0.0.1:%d" % port, ANTHROPIC_API_KEY="sk-test-bench",
                   CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC="1", DISABLE_AUTOUPDATER="1", DISABLE_TELEMETRY="1",
                   NO_COLOR="1")
        bare_env = dict(env)
        if os.geteuid() == 0:
            bare_env["IS_SANDBOX"] = "1"
        bare = [claude, "-p", "hello", "--output-format", "stream-json", "--verbose", "--permission-mode",
                "bypassPermissions"]
        # Both in the same directory: claude does first-time work for a directory it has not
        # seen (a managed workspace is new for every task), which would be counted against rclaude.
        ours = [rclaude, "run", "--workspace", ws, "hello"]
        managed = [rclaude, "run", "hello"]
        timed(bare, bare_env, ws)
        timed(ours, env)
        timed(managed, env)
        b, r, m = [], [], []
        for _ in range(args.runs):  # interleaved, so drift hits all alike
            b.append(timed(bare, bare_env, ws))
            r.append(timed(ours, env))
            m.append(timed(managed, env))
        mb, mr, mm = statistics.median(b), statistics.median(r), statistics.median(m)
        rows.append(("`rclaude run --workspace DIR` (claude, scripted API) vs bare `claude -p` in DIR",
                     "%.0f ms" % (mr * 1000), "%.0f ms" % (mb * 1000), "%.3f" % (mr / mb), "<= 1.05"))
        rows.append(("`rclaude run` (a new managed workspace per task) vs the same bare `claude -p`",
                     "%.0f ms" % (mm * 1000), "%.0f ms" % (mb * 1000), "%.3f" % (mm / mb), "-"))

        sh = ["/bin/sh", "-c", "echo x"]
        shell = [rclaude, "run", "--agent", "shell", "echo x"]
        s, p = [], []
        for _ in range(args.runs * 3):
            s.append(first_byte(shell, env))
            p.append(first_byte(sh, env))
        ms, mp = statistics.median(s), statistics.median(p)
        rows.append(("`rclaude run --agent shell 'echo x'`: first output byte vs `sh -c`", "%.1f ms" % (ms * 1000),
                     "%.1f ms" % (mp * 1000), "%.1f" % (ms / mp), "<= 50 ms"))

        for count, goal in ((10_000, "<= 100 ms"), (100_000, "<= 1 s")):
            data = os.path.join(tmp, "cache%d" % count)
            write_tasks(os.path.join(data, "data"), count)
            cenv = dict(env, RCLAUDE_HOME=data)
            ours_t = statistics.median(rclaude_load(rclaude, cenv, 5))
            peer = statistics.median([python_load(os.path.join(data, "data")) for _ in range(3)])
            rows.append(("load %d cached tasks vs Python `json.load` of the same files" % count,
                         "%.0f ms" % (ours_t * 1000), "%.0f ms" % (peer * 1000), "%.2f" % (ours_t / peer), goal))
            if count == 10_000:
                ls_t = statistics.median([timed([rclaude, "ls", "--all", "--json"], cenv) for _ in range(5)])
                files = [os.path.join(data, "data", "tasks", n, "task.json")
                         for n in os.listdir(os.path.join(data, "data", "tasks"))]
                cat_t = statistics.median([timed(["cat"] + files, cenv) for _ in range(5)])
                rows.append(("`rclaude ls --all --json` on 10,000 tasks vs `cat` of their files",
                             "%.0f ms" % (ls_t * 1000), "%.0f ms" % (cat_t * 1000), "%.1f" % (ls_t / cat_t), "-"))
            shutil.rmtree(data)
    finally:
        server.kill()
        server.wait()
        shutil.rmtree(tmp, ignore_errors=True)

    print("| benchmark | rclaude | peer | ratio | goal |")
    print("|---|---|---|---|---|")
    for row in rows:
        print("| %s |" % " | ".join(row))


if __name__ == "__main__":
    main()
