#!/usr/bin/env python3
"""Time from `rclaude run` to the task's first output byte, per provider, against the plan's
"< 3 s to first code execution", each beside a named peer doing the same work in the same run:

    python3 Tests/Bench/provider_bench.py --rclaude .build/release/rclaude [--runs 7] [--docker-host unix:///…] [--image IMG]

- local:  `rclaude run --agent shell 'echo x'`            peer: `sh -c 'echo x'`
- remote: the same with `--provider remote:bench`, a fresh `rclaude serve` on 127.0.0.1 (port 0)
          peer: local `rclaude run`
- docker: the same with `--provider docker` (a new container per task, Podman's Docker API)
          peer: `podman --remote run --rm IMAGE echo x` through the same API socket (a new container too)

Everything runs in a temporary RCLAUDE_HOME; docker is skipped (with the reason) when no
DOCKER_HOST socket answers. Prints a Markdown table of medians.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def first_byte(argv, env):
    """Seconds from spawn to the first stdout byte; the process is then waited for."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    byte = proc.stdout.read(1)
    elapsed = time.perf_counter() - start
    proc.stdout.read()
    proc.wait()
    if not byte:
        raise RuntimeError(f"{argv} printed nothing (exit {proc.returncode})")
    return elapsed


def median(argv, env, runs):
    first_byte(argv, env)  # warm-up
    return statistics.median(first_byte(argv, env) for _ in range(runs))


def start_serve(rclaude, env, root):
    token = os.path.join(root, "serve-token")
    proc = subprocess.Popen(
        [rclaude, "serve", "--listen", "127.0.0.1:0", "--data", os.path.join(root, "serve"), "--token-file", token],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline()
    match = re.search(r"listening on (http://\S+)", line)
    if not match:
        proc.kill()
        raise RuntimeError(f"rclaude serve did not start: {line!r}")
    return proc, match.group(1), token


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rclaude", required=True)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--docker-host", default=os.environ.get("DOCKER_HOST", ""))
    parser.add_argument("--image", default=os.environ.get("RCLAUDE_DOCKER_IMAGE", "localhost/rclaude-test-busybox:latest"))
    args = parser.parse_args()
    rclaude = os.path.abspath(args.rclaude)
    root = tempfile.mkdtemp(prefix="rclaude-provider-bench-")
    env = dict(os.environ, RCLAUDE_HOME=os.path.join(root, "home"), NO_COLOR="1")
    rows = []
    serve = None
    try:
        local = median([rclaude, "run", "--agent", "shell", "echo x"], env, args.runs)
        sh = median(["sh", "-c", "echo x"], env, args.runs)
        rows.append(("local", local, "`sh -c 'echo x'`", sh))

        serve, url, token = start_serve(rclaude, env, root)
        subprocess.run([rclaude, "remote", "add", "bench", url, "--token-file", token], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        remote = median([rclaude, "run", "--provider", "remote:bench", "--agent", "shell", "echo x"], env, args.runs)
        rows.append(("remote (loopback)", remote, "local `rclaude run`", local))

        podman = shutil.which("podman")
        if args.docker_host and podman:
            denv = dict(env, DOCKER_HOST=args.docker_host, RCLAUDE_DOCKER_IMAGE=args.image)
            try:
                docker = median([rclaude, "run", "--provider", "docker", "--agent", "shell", "echo x"], denv, args.runs)
                url = args.docker_host if "://" in args.docker_host else "unix://" + args.docker_host
                peer = median([podman, "--remote", "--url", url, "run", "--rm", "--network", "none", args.image, "echo", "x"],
                              env, args.runs)
                rows.append(("docker (Podman API)", docker, "`podman --remote run --rm IMAGE echo x`", peer))
                # Every docker task keeps its container until the task is removed.
                listing = subprocess.run([rclaude, "ls", "--all", "--json"], env=denv, capture_output=True, text=True)
                ids = [json.loads(line)["id"] for line in listing.stdout.splitlines() if line.strip()]
                if ids:
                    subprocess.run([rclaude, "rm", *ids], env=denv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            except RuntimeError as error:
                print(f"docker skipped: {error}", file=sys.stderr)
        else:
            print("docker skipped: set DOCKER_HOST to a Docker/Podman API socket (and have podman for the peer)",
                  file=sys.stderr)
    finally:
        if serve:
            serve.terminate()
            serve.wait()
        shutil.rmtree(root, ignore_errors=True)

    print("| provider | rclaude run → first output | peer | peer time | ratio | goal < 3 s |")
    print("|---|---|---|---|---|---|")
    for name, ours, peer_name, peer in rows:
        verdict = "met" if ours < 3 else "not met"
        print(f"| {name} | {ours * 1000:.0f} ms | {peer_name} | {peer * 1000:.0f} ms | {ours / peer:.2f} | {verdict} |")


if __name__ == "__main__":
    main()
