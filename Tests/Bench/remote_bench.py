#!/usr/bin/env python3
"""Remote benchmarks: `rclaude serve` and the remote provider, each against a named peer in the same run.

    python3 Tests/Bench/remote_bench.py --rclaude .build/release/rclaude [--runs N] [--mb 50]

Everything runs on 127.0.0.1 in a temporary directory: a fresh `rclaude serve` (port 0, its own
`--data` and `--token-file`), an OpenSSH server started by this script on a free port with a
throwaway host key and user key (`sshd -D -f CONFIG`), and `websocketd`. Nothing is installed; a
missing tool stops the run with the package to install:

    apt-get install openssh-server openssh-client websocketd hyperfine

(The WebSocket client is a small one written here on the standard library, so that the client is
never the bottleneck: frames are parsed, not copied.)

1. PTY output throughput: `cat` of a generated 50 MB text file in a 120x40 interactive task, read
   from `/api/tasks/{id}/terminal/ws`, from task creation to the last byte; peer `ssh -tt` to
   127.0.0.1 running the same `cat` (output to /dev/null). Goal: >= 1x ssh. Also the headless
   output stream (`/api/tasks/{id}/output/ws`) and `rclaude run --provider remote:NAME --agent shell
   'cat FILE'` end to end with the CLI client (timed with hyperfine), against `ssh -tt` and, as the
   like-for-like pipe, `ssh -T`. ssh encrypts; `rclaude serve` here is plain HTTP (use TLS in
   production).
2. Keystroke echo latency, p50/p99 of 500 samples: an interactive task running
   `stty raw -echo; cat` behind the terminal WebSocket; one byte sent, timed until it comes back.
   Peer: the same command over `ssh -tt` through pipes. Goal: p50 <= ssh's.
3. Fan-out: 100 clients of `/api/tasks/{id}/output/ws?from=0` on one finished task that printed
   10 MB, aggregate throughput (total bytes / wall time); peer: `websocketd --binary` running `cat`
   of the same file for each of 100 clients. Goal: >= 2x websocketd.
4. Memory per idle session: 50 interactive `sleep 3600` tasks, each with an open terminal
   WebSocket, on a fresh server. Reported: the server's added RSS per session, and the
   per-session total with the task's `rclaude supervise` process (RSS, and PSS, which does not
   count the binary's shared pages once per process). The `sh`/`sleep` of the task itself is the
   workload and not counted. Goal: <= 256 KB.
5. `rclaude run --provider remote:NAME --agent shell 'echo x'`: start to first output byte (goal
   <= 150 ms), against local `rclaude run --agent shell 'echo x'` and `ssh 127.0.0.1 echo x`.

Prints a Markdown table; numbers are medians unless marked. The machine is shared and noisy:
read the ratios.
"""

import argparse
import base64
import json
import os
import random
import re
import selectors
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request

ROWS, COLS = 40, 120


# --------------------------------------------------------------------------------------------
# Prerequisites


def require_tools():
    missing = []
    for tool, package in (("sshd", "openssh-server"), ("ssh", "openssh-client"), ("ssh-keygen", "openssh-client"),
                          ("websocketd", "websocketd"), ("hyperfine", "hyperfine")):
        path = shutil.which(tool) or (shutil.which(tool, path="/usr/sbin:/sbin") if tool == "sshd" else None)
        if not path:
            missing.append((tool, package))
    if missing:
        packages = " ".join(sorted({p for _, p in missing}))
        raise SystemExit("missing: %s; install with: apt-get install %s" % (", ".join(t for t, _ in missing), packages))


def sshd_path():
    return shutil.which("sshd") or shutil.which("sshd", path="/usr/sbin:/sbin")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------------------------
# A minimal WebSocket client: handshake, frame parsing without copying payloads, masked sends.


def client_frame(opcode, payload=b""):
    mask = os.urandom(4)
    n = len(payload)
    if n < 126:
        head = struct.pack("!BB", 0x80 | opcode, 0x80 | n)
    elif n < 65536:
        head = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, n)
    else:
        head = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, n)
    return head + mask + bytes(b ^ mask[i & 3] for i, b in enumerate(payload))


class FrameReader:
    """Incremental parser of server frames. Binary payloads are counted (minus `skip` leading bytes
    per message: rclaude's 8-byte offset) and kept only when `keep`; text and control frames are
    collected whole into `messages` as (opcode, bytes)."""

    def __init__(self, skip=0, keep=False):
        self.skip, self.keep = skip, keep
        self.header = bytearray()
        self.remaining = 0
        self.opcode = None  # of the frame being read; None between frames
        self.message_opcode = 1
        self.to_skip = 0
        self.fin = True
        self.control = bytearray()
        self.data_bytes = 0
        self.data = bytearray()
        self.messages = []

    def feed(self, view):
        pos, n = 0, len(view)
        while pos < n:
            if self.opcode is None:
                old = len(self.header)
                take = min(14 - old, n - pos)
                self.header += view[pos:pos + take]
                h = self._header_length()
                if h is None:
                    pos += take
                    continue
                pos += h - old
                b0, b1 = self.header[0], self.header[1]
                length = b1 & 0x7F
                if length == 126:
                    length = struct.unpack_from("!H", self.header, 2)[0]
                elif length == 127:
                    length = struct.unpack_from("!Q", self.header, 2)[0]
                self.header = bytearray()
                self.fin = bool(b0 & 0x80)
                op = b0 & 0x0F
                if op == 0:
                    op = self.message_opcode
                elif op < 8:
                    self.message_opcode = op
                    if op == 2:
                        self.to_skip = self.skip
                self.opcode, self.remaining = op, length
                if length == 0:
                    self._end_frame()
                continue
            take = min(self.remaining, n - pos)
            if self.opcode == 2:
                s = min(self.to_skip, take)
                self.to_skip -= s
                self.data_bytes += take - s
                if self.keep:
                    self.data += view[pos + s:pos + take]
            else:
                self.control += view[pos:pos + take]
            pos += take
            self.remaining -= take
            if self.remaining == 0:
                self._end_frame()

    def _header_length(self):
        if len(self.header) < 2:
            return None
        length = self.header[1] & 0x7F
        h = 2 + (2 if length == 126 else 8 if length == 127 else 0) + (4 if self.header[1] & 0x80 else 0)
        return h if len(self.header) >= h else None

    def _end_frame(self):
        if self.opcode != 2 and (self.fin or self.opcode >= 8):
            self.messages.append((self.opcode, bytes(self.control)))
            self.control = bytearray()
        self.opcode = None


def handshake_request(port, path, token):
    key = base64.b64encode(os.urandom(16)).decode()
    lines = ["GET %s HTTP/1.1" % path, "Host: 127.0.0.1:%d" % port, "Upgrade: websocket", "Connection: Upgrade",
             "Sec-WebSocket-Key: " + key, "Sec-WebSocket-Version: 13"]
    if token:
        lines.append("Authorization: Bearer " + token)
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


class Conn:
    """One WebSocket connection, driven either blocking (`recv_some`) or from `pump`."""

    def __init__(self, port, path, token=None, skip=8, keep=False, end_on_text=True):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=60)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock.sendall(handshake_request(port, path, token))
        self.reader = FrameReader(skip=skip, keep=keep)
        self.response = bytearray()
        self.upgraded = False
        self.done = False
        self.end_on_text = end_on_text
        self.end_message = None
        self.finished_at = None

    def feed(self, view):
        if not self.upgraded:
            self.response += view
            i = self.response.find(b"\r\n\r\n")
            if i < 0:
                return
            status = bytes(self.response[:self.response.find(b"\r\n")]).decode(errors="replace")
            if " 101 " not in status + " ":
                raise SystemExit("WebSocket upgrade refused: %s %s" % (status, bytes(self.response[i + 4:])[:300]))
            self.upgraded = True
            rest = bytes(self.response[i + 4:])
            self.response = bytearray()
            view = memoryview(rest)
        self.reader.feed(view)
        for opcode, payload in self.reader.messages:
            if opcode == 9:
                self.sock.sendall(client_frame(10, payload))
            elif opcode == 8:
                self.finish()
            elif opcode == 1:
                message = json.loads(payload)
                if message.get("type") == "error":
                    raise SystemExit("stream error: %s" % payload.decode())
                if self.end_on_text and message.get("type") == "end":
                    self.end_message = message
                    self.finish()
        self.reader.messages.clear()

    def finish(self):
        if not self.done:
            self.done = True
            self.finished_at = time.perf_counter()

    def send_binary(self, payload):
        self.sock.sendall(client_frame(2, payload))

    def recv_some(self, buffer):
        n = self.sock.recv_into(buffer)
        if n == 0:
            self.finish()
            return
        self.feed(memoryview(buffer)[:n])

    def close(self):
        try:
            self.sock.sendall(client_frame(8, struct.pack("!H", 1000)))
        except OSError:
            pass
        self.sock.close()


def pump(conns, until_done=True, seconds=None, timeout=120):
    """Reads every connection until all are done (or for `seconds`), answering pings."""
    sel = selectors.DefaultSelector()
    for c in conns:
        c.sock.setblocking(False)
        sel.register(c.sock, selectors.EVENT_READ, c)
    buffer = bytearray(1 << 20)
    view = memoryview(buffer)
    deadline = time.perf_counter() + (seconds if seconds is not None else timeout)
    open_count = sum(not c.done for c in conns)
    try:
        while time.perf_counter() < deadline and (not until_done or open_count):
            for key, _ in sel.select(0.2):
                c = key.data
                try:
                    n = c.sock.recv_into(buffer)
                except BlockingIOError:
                    continue
                except ConnectionResetError:
                    n = 0
                if n == 0:
                    c.finish()
                else:
                    c.feed(view[:n])
                if c.done:
                    sel.unregister(c.sock)
                    open_count -= 1
        if until_done and open_count:
            raise SystemExit("timed out with %d streams still open" % open_count)
    finally:
        for c in conns:
            if not c.done:
                sel.unregister(c.sock)
            c.sock.setblocking(True)
        sel.close()


# --------------------------------------------------------------------------------------------
# The rclaude server


class Server:
    def __init__(self, rclaude, tmp, name):
        self.dir = os.path.join(tmp, name)
        os.makedirs(os.path.join(self.dir, "home"))
        self.token_file = os.path.join(self.dir, "token")
        env = dict(os.environ, HOME=os.path.join(self.dir, "home"), RCLAUDE_HOME=os.path.join(self.dir, "rc"))
        self.proc = subprocess.Popen(
            [rclaude, "serve", "--listen", "127.0.0.1:0", "--data", os.path.join(self.dir, "data"),
             "--token-file", self.token_file],
            env=env, stdout=subprocess.PIPE, stderr=open(os.path.join(self.dir, "serve.log"), "w"), text=True)
        line = self.proc.stdout.readline()
        m = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
        if not m:
            self.proc.kill()
            with open(os.path.join(self.dir, "serve.log")) as f:
                raise SystemExit("rclaude serve did not start: %r %s" % (line, f.read()[-1000:]))
        self.port = int(m.group(1))
        self.url = "http://127.0.0.1:%d" % self.port
        with open(self.token_file) as f:
            self.token = f.read().strip()
        self.tasks = []

    def request(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={"Authorization": "Bearer " + self.token,
                                              "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as resp:
            raw = resp.read()
            return json.loads(raw) if raw else None

    def create(self, prompt, interactive):
        body = {"prompt": prompt, "agent": "shell", "interactive": interactive}
        if interactive:
            body.update(rows=ROWS, cols=COLS)
        task = self.request("POST", "/api/tasks", body)
        self.tasks.append(task["id"])
        return task["id"]

    def status(self, tid):
        return self.request("GET", "/api/tasks/%s" % tid)["status"]

    def wait_finished(self, tid, timeout=120):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.status(tid) in ("succeeded", "failed", "cancelled", "canceled"):
                return
            time.sleep(0.05)
        raise SystemExit("task %s did not finish" % tid)

    def remove(self, tid):
        try:
            if self.status(tid) not in ("succeeded", "failed", "cancelled", "canceled"):
                self.request("POST", "/api/tasks/%s/cancel" % tid)
                self.wait_finished(tid, 30)
            self.request("DELETE", "/api/tasks/%s" % tid)
        except Exception:
            pass
        if tid in self.tasks:
            self.tasks.remove(tid)

    def terminal(self, tid, keep=False):
        return Conn(self.port, "/api/tasks/%s/terminal/ws?from=0&rows=%d&cols=%d" % (tid, ROWS, COLS), self.token,
                    keep=keep)

    def output(self, tid):
        return Conn(self.port, "/api/tasks/%s/output/ws?from=0" % tid, self.token)

    def supervisors(self):
        """PIDs of this server's task supervisors (`rclaude supervise ID`)."""
        pids = {}
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                with open("/proc/%s/cmdline" % pid, "rb") as f:
                    argv = f.read().split(b"\0")
            except OSError:
                continue
            if len(argv) > 2 and argv[1] == b"supervise" and argv[2].decode(errors="replace") in self.tasks:
                pids[int(pid)] = argv[2].decode()
        return pids

    def stop(self):
        for tid in list(self.tasks):
            self.remove(tid)
        for pid in self.supervisors():  # supervisors of tasks that would not end
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def memory_kb(pid):
    """(RSS, PSS) in KiB."""
    rss = pss = 0
    with open("/proc/%d/smaps_rollup" % pid) as f:
        for line in f:
            if line.startswith("Rss:"):
                rss = int(line.split()[1])
            elif line.startswith("Pss:"):
                pss = int(line.split()[1])
    return rss, pss


def status_kb(pid, field):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


# --------------------------------------------------------------------------------------------
# Peers: sshd and websocketd


class SSH:
    def __init__(self, tmp):
        d = os.path.join(tmp, "ssh")
        os.makedirs(d, mode=0o700)
        self.key = os.path.join(d, "id_ed25519")
        host_key = os.path.join(d, "host_ed25519")
        for path in (self.key, host_key):
            subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", path], check=True)
        shutil.copy(self.key + ".pub", os.path.join(d, "authorized_keys"))
        self.port = free_port()
        config = os.path.join(d, "sshd_config")
        with open(config, "w") as f:
            f.write("\n".join([
                "ListenAddress 127.0.0.1", "Port %d" % self.port, "HostKey " + host_key,
                "AuthorizedKeysFile " + os.path.join(d, "authorized_keys"), "PidFile " + os.path.join(d, "sshd.pid"),
                "UsePAM no", "StrictModes no", "PasswordAuthentication no", "KbdInteractiveAuthentication no",
                "PermitRootLogin prohibit-password", "PrintMotd no", "PrintLastLog no", "UseDNS no", ""]))
        if os.geteuid() == 0 and not os.path.isdir("/run/sshd"):
            os.makedirs("/run/sshd", mode=0o755)  # sshd's privilege separation directory
        self.log = os.path.join(d, "sshd.log")
        self.proc = subprocess.Popen([sshd_path(), "-D", "-e", "-f", config], stderr=open(self.log, "w"))
        self.base = ["ssh", "-F", "/dev/null", "-i", self.key, "-p", str(self.port), "-o", "IdentitiesOnly=yes",
                     "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
                     "-o", "LogLevel=ERROR", "127.0.0.1"]
        deadline = time.time() + 10
        while True:
            r = subprocess.run(self.base[:-1] + ["-o", "ConnectTimeout=2", "127.0.0.1", "true"],
                               stdin=subprocess.DEVNULL, capture_output=True)
            if r.returncode == 0:
                break
            if self.proc.poll() is not None or time.time() > deadline:
                with open(self.log) as f:
                    raise SystemExit("sshd did not start: %s %s" % (r.stderr.decode()[-300:], f.read()[-500:]))
            time.sleep(0.1)

    def cmd(self, *args):
        return self.base[:-1] + list(args) + ["127.0.0.1"]

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


class Websocketd:
    def __init__(self, tmp, path):
        self.port = free_port()
        self.proc = subprocess.Popen(
            ["websocketd", "--address=127.0.0.1", "--port=%d" % self.port, "--binary", "--loglevel=error", "cat", path],
            stdout=subprocess.DEVNULL, stderr=open(os.path.join(tmp, "websocketd.log"), "w"))
        deadline = time.time() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                if self.proc.poll() is not None or time.time() > deadline:
                    raise SystemExit("websocketd did not start (see websocketd.log)")
                time.sleep(0.05)

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


# --------------------------------------------------------------------------------------------
# Helpers


def make_corpus(path, size):
    rng = random.Random(42)
    words = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9))) for _ in range(2000)]
    lines, n = [], 0
    while n < (1 << 20):
        line = " ".join(rng.choice(words) for _ in range(rng.randint(4, 16))) + "\n"
        lines.append(line)
        n += len(line)
    block = "".join(lines).encode()
    with open(path, "wb") as f:
        written = 0
        while written < size:
            part = block[:size - written]
            f.write(part)
            written += len(part)


def hyperfine(commands, runs, tmp, label):
    out = os.path.join(tmp, "hyperfine-%s.json" % label)
    subprocess.run(["hyperfine", "--runs", str(runs), "--warmup", "1", "-N", "--output=null", "--style", "none",
                    "--export-json", out] + commands, check=True, stdout=subprocess.DEVNULL)
    with open(out) as f:
        results = json.load(f)["results"]
    for r in results:
        if any(code != 0 for code in r.get("exit_codes", [])):
            raise SystemExit("command failed under hyperfine: %s" % r["command"])
    return [statistics.median(r["times"]) for r in results]


def shell_quote(s):
    return "'" + s.replace("'", "'\\''") + "'"


def first_byte(cmd, env):
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    first = proc.stdout.read(1)
    elapsed = time.perf_counter() - start
    proc.stdout.read()
    if proc.wait() != 0 or not first:
        raise SystemExit("command failed: %s" % " ".join(cmd[:6]))
    return elapsed


def timed_run(cmd, env):
    start = time.perf_counter()
    subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def percentile(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def mbps(size, seconds):
    return "%.0f MB/s (%.2f s)" % (size / seconds / 1e6, seconds)


READY_CMD = 'stty raw -echo; echo RE""ADY; exec cat'


# --------------------------------------------------------------------------------------------
# Benchmarks


def stream_task(server, prompt, interactive):
    """Creates a shell task and reads its stream to the end: (seconds, data bytes)."""
    start = time.perf_counter()
    tid = server.create(prompt, interactive)
    conn = server.terminal(tid) if interactive else server.output(tid)
    pump([conn])
    elapsed = conn.finished_at - start
    got = conn.reader.data_bytes
    conn.close()
    server.remove(tid)
    return elapsed, got


def bench_throughput(server, ssh, rclaude, client_env, corpus, size, runs, tmp, rows):
    cat = "cat " + corpus
    stream_task(server, cat, True)  # warm-up (also checks that the whole file comes through)
    term, out = [], []
    for _ in range(runs):
        t, got = stream_task(server, cat, True)
        if got < size:
            raise SystemExit("terminal stream delivered %d of %d bytes" % (got, size))
        term.append(t)
        t, got = stream_task(server, cat, False)
        if got != size:
            raise SystemExit("output stream delivered %d of %d bytes" % (got, size))
        out.append(t)
    t_term, t_out = statistics.median(term), statistics.median(out)
    remote_run = [rclaude, "run", "--provider", "remote:bench", "--agent", "shell", cat]
    ssh_tt, ssh_t = ssh.cmd("-tt"), ssh.cmd("-T")
    t_ssh_tt, t_ssh_t, t_cli = hyperfine(
        [" ".join(ssh_tt + [shell_quote(cat)]), " ".join(ssh_t + [shell_quote(cat)]),
         " ".join(["env", "RCLAUDE_HOME=" + client_env["RCLAUDE_HOME"], "HOME=" + client_env["HOME"]]
                  + [shell_quote(a) for a in remote_run])],
        runs, tmp, "throughput")
    mb = size / 1e6
    rows.append(("PTY output, %.0f MB `cat`, 120x40: terminal WebSocket vs `ssh -tt`" % mb, mbps(size, t_term),
                 mbps(size, t_ssh_tt), "%.2fx" % (t_ssh_tt / t_term), ">= 1x", t_ssh_tt / t_term >= 1))
    rows.append(("headless output WebSocket (pipe) vs `ssh -tt`" , mbps(size, t_out), mbps(size, t_ssh_tt),
                 "%.2fx" % (t_ssh_tt / t_out), ">= 1x", t_ssh_tt / t_out >= 1))
    rows.append(("headless output WebSocket (pipe) vs `ssh -T` (pipe)", mbps(size, t_out), mbps(size, t_ssh_t),
                 "%.2fx" % (t_ssh_t / t_out), ">= 1x", t_ssh_t / t_out >= 1))
    rows.append(("`rclaude run --provider remote:NAME --agent shell 'cat'` (CLI, end to end) vs `ssh -tt`",
                 mbps(size, t_cli), mbps(size, t_ssh_tt), "%.2fx" % (t_ssh_tt / t_cli), ">= 1x", t_ssh_tt / t_cli >= 1))
    rows.append(("the same CLI run vs `ssh -T` (pipe)", mbps(size, t_cli), mbps(size, t_ssh_t),
                 "%.2fx" % (t_ssh_t / t_cli), ">= 1x", t_ssh_t / t_cli >= 1))


def echo_samples_ws(conn, samples):
    buf = bytearray(65536)
    while b"READY" not in conn.reader.data:
        conn.recv_some(buf)
        if conn.done:
            raise SystemExit("the echo task ended early: %r" % bytes(conn.reader.data[-200:]))
    time.sleep(0.2)
    conn.sock.settimeout(0.05)
    try:  # drain
        while True:
            conn.recv_some(buf)
    except socket.timeout:
        pass
    conn.sock.settimeout(10)
    times = []
    for i in range(samples):
        c = bytes([97 + i % 26])
        conn.reader.data.clear()
        t0 = time.perf_counter()
        conn.send_binary(c)
        while c not in conn.reader.data:
            conn.recv_some(buf)
        times.append(time.perf_counter() - t0)
    return times


def echo_samples_ssh(ssh, samples):
    proc = subprocess.Popen(ssh.cmd("-tt") + [READY_CMD], stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
    out, inp = proc.stdout.fileno(), proc.stdin.fileno()
    data = b""
    while b"READY" not in data:
        chunk = os.read(out, 4096)
        if not chunk:
            raise SystemExit("ssh echo session ended early: %r" % data)
        data += chunk
    time.sleep(0.2)
    sel = selectors.DefaultSelector()
    sel.register(out, selectors.EVENT_READ)
    while sel.select(0.05):
        os.read(out, 4096)
    times = []
    for i in range(samples):
        c = bytes([97 + i % 26])
        got = b""
        t0 = time.perf_counter()
        os.write(inp, c)
        while c not in got:
            got += os.read(out, 4096)
        times.append(time.perf_counter() - t0)
    sel.close()
    proc.kill()
    proc.wait()
    return times


def bench_echo(server, ssh, samples, rows):
    tid = server.create(READY_CMD, True)
    conn = server.terminal(tid, keep=True)
    ours = echo_samples_ws(conn, samples)
    conn.close()
    server.remove(tid)
    peer = echo_samples_ssh(ssh, samples)
    p50, q50 = statistics.median(ours), statistics.median(peer)
    p99, q99 = percentile(ours, 99), percentile(peer, 99)
    rows.append(("keystroke echo p50 (%d samples, `stty raw; cat`): terminal WebSocket vs `ssh -tt`" % samples,
                 "%.3f ms" % (p50 * 1000), "%.3f ms" % (q50 * 1000), "%.2f" % (p50 / q50), "p50 <= ssh", p50 <= q50))
    rows.append(("keystroke echo p99", "%.3f ms" % (p99 * 1000), "%.3f ms" % (q99 * 1000), "%.2f" % (p99 / q99), "-",
                 None))


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def fan_out(make_conns, expected, usage=None):
    cpu = os.times()
    start = time.perf_counter()
    conns = make_conns()
    pump(conns, timeout=300)
    elapsed = max(c.finished_at for c in conns) - start
    total = sum(c.reader.data_bytes for c in conns)
    if usage is not None:
        now = os.times()
        usage.append((now.user + now.system - cpu.user - cpu.system, elapsed))
    short = [c.reader.data_bytes for c in conns if c.reader.data_bytes != expected]
    for c in conns:
        c.close()
    if short:
        raise SystemExit("%d of %d fan-out clients got the wrong byte count (e.g. %d of %d)"
                         % (len(short), len(conns), short[0], expected))
    return elapsed, total


def bench_fanout(server, tmp, corpus10, size10, clients, runs, rows, notes):
    tid = server.create("cat " + corpus10, False)
    server.wait_finished(tid)
    wsd = Websocketd(tmp, corpus10)
    try:
        ours, peer = [], []
        make_ours = lambda: [server.output(tid) for _ in range(clients)]
        make_peer = lambda: [Conn(wsd.port, "/", skip=0, end_on_text=False) for _ in range(clients)]
        fan_out(make_ours, size10)  # warm-up
        fan_out(make_peer, size10)
        usage = []
        server_cpu = 0.0
        for _ in range(runs):
            before = cpu_seconds(server.proc.pid)
            ours.append(fan_out(make_ours, size10, usage))
            server_cpu += cpu_seconds(server.proc.pid) - before
            peer.append(fan_out(make_peer, size10))
    finally:
        wsd.stop()
    server.remove(tid)
    t_ours = statistics.median(t for t, _ in ours)
    t_peer = statistics.median(t for t, _ in peer)
    total = ours[0][1]
    ratio = t_peer / t_ours
    rows.append(("fan-out: %d clients of one %.0f MB output stream vs `websocketd --binary` + `cat` per client"
                 % (clients, size10 / 1e6), mbps(total, t_ours), mbps(total, t_peer), "%.2fx" % ratio, ">= 2x",
                 ratio >= 2))
    notes.append("fan-out: the (single-process) benchmark client used %.0f%% of one core and the server %.0f%% "
                 "of the cores during rclaude's runs (the client and the server share the machine)"
                 % (100 * sum(u for u, _ in usage) / sum(e for _, e in usage),
                    100 * server_cpu / sum(e for _, e in usage)))
    notes.append("server peak RSS (VmHWM) after the throughput runs (incl. the CLI's events stream) and the fan-out: %.1f MiB"
                 % (status_kb(server.proc.pid, "VmHWM") / 1024))


def bench_memory(rclaude, tmp, sessions, rows, notes):
    server = Server(rclaude, tmp, "serve-memory")
    try:
        # Warm up the routes once, so first-use allocations are not charged to the sessions.
        warm = server.create("sleep 3600", True)
        c = server.terminal(warm)
        pump([c], until_done=False, seconds=0.5)
        c.close()
        server.remove(warm)
        time.sleep(1.0)
        pid = server.proc.pid
        before_rss, before_pss = memory_kb(pid)
        conns = []
        for _ in range(sessions):
            tid = server.create("sleep 3600", True)
            conns.append(server.terminal(tid))
        pump(conns, until_done=False, seconds=3.0)  # let every session settle (and answer pings)
        if any(c.done for c in conns):
            raise SystemExit("an idle terminal stream ended early")
        after_rss, after_pss = memory_kb(pid)
        sups = server.supervisors()
        if len(sups) != sessions:
            raise SystemExit("found %d supervisors for %d sessions" % (len(sups), sessions))
        sup = [memory_kb(p) for p in sups]
        sup_rss = sum(r for r, _ in sup)
        sup_pss = sum(p for _, p in sup)
        server_added = (after_rss - before_rss) / sessions
        total_rss = (after_rss - before_rss + sup_rss) / sessions
        total_pss = (after_pss - before_pss + sup_pss) / sessions
        rows.append(("memory per idle session (%d interactive `sleep`, terminal WebSocket open): server's added RSS"
                     % sessions, "%.0f KB" % server_added, "-", "-", "<= 256 KB", server_added <= 256))
        rows.append(("  per-session total incl. its `rclaude supervise` process, RSS (PSS)",
                     "%.0f KB (%.0f KB)" % (total_rss, total_pss), "-", "-", "<= 256 KB", total_rss <= 256))
        notes.append("server RSS %.1f -> %.1f MiB with %d sessions; threads %d; one supervisor: RSS %.0f KB, PSS %.0f KB"
                     % (before_rss / 1024, after_rss / 1024, sessions, status_kb(pid, "Threads"),
                        sup_rss / len(sup), sup_pss / len(sup)))
        for c in conns:
            c.close()
    finally:
        server.stop()


def bench_first_byte(server, ssh, rclaude, client_env, runs, rows, notes):
    remote = [rclaude, "run", "--provider", "remote:bench", "--agent", "shell", "echo x"]
    local = [rclaude, "run", "--agent", "shell", "echo x"]
    peer = ssh.cmd() + ["echo x"]
    for cmd in (remote, local, peer):
        first_byte(cmd, client_env)
    # ssh runs the remote command through the account's shell, which (bash, started by sshd) reads
    # its rc files: measured here so that the reader can tell the protocol from the account.
    shell = os.environ.get("SHELL") or "/bin/sh"
    try:
        import pwd
        shell = pwd.getpwuid(os.getuid()).pw_shell or shell
    except KeyError:
        pass
    rc_env = dict(os.environ, SSH_CLIENT="127.0.0.1 1 1")
    rc_env.pop("SHLVL", None)
    rc = statistics.median(timed_run([shell, "-c", "true"], rc_env) for _ in range(5))
    bare = statistics.median(timed_run(["/bin/sh", "-c", "true"], rc_env) for _ in range(5))
    ssh_true = statistics.median(timed_run(ssh.cmd() + ["true"], client_env) for _ in range(5))
    notes.append("`ssh 127.0.0.1 true` takes %.0f ms; of that, the account's shell (%s) with its rc files, as sshd "
                 "starts it, takes %.0f ms against %.1f ms for `/bin/sh -c true` (ssh's first-byte and "
                 "throughput figures include it)" % (ssh_true * 1000, shell, rc * 1000, bare * 1000))
    r, l, p = [], [], []
    for _ in range(runs):
        r.append(first_byte(remote, client_env))
        l.append(first_byte(local, client_env))
        p.append(first_byte(peer, client_env))
    mr, ml, mp = (statistics.median(x) * 1000 for x in (r, l, p))
    rows.append(("`rclaude run --provider remote:NAME --agent shell 'echo x'`: first output byte vs local `rclaude run`",
                 "%.1f ms" % mr, "%.1f ms" % ml, "%.2f" % (mr / ml), "<= 150 ms", mr <= 150))
    rows.append(("the same vs `ssh 127.0.0.1 echo x`", "%.1f ms" % mr, "%.1f ms" % mp, "%.2f" % (mr / mp),
                 "<= 150 ms", mr <= 150))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rclaude", required=True)
    ap.add_argument("--runs", type=int, default=3, help="runs of each throughput benchmark (median)")
    ap.add_argument("--mb", type=int, default=50, help="size of the throughput corpus in MB")
    ap.add_argument("--fanout-mb", type=int, default=10)
    ap.add_argument("--clients", type=int, default=100)
    ap.add_argument("--samples", type=int, default=500)
    ap.add_argument("--sessions", type=int, default=50)
    ap.add_argument("--first-byte-runs", type=int, default=20)
    ap.add_argument("--only", default="1,2,3,4,5", help="which benchmarks to run, e.g. 1,3")
    args = ap.parse_args()
    only = set(args.only.split(","))
    rclaude = os.path.abspath(args.rclaude)
    if not os.access(rclaude, os.X_OK):
        raise SystemExit("%s is not an executable; build it with: swift build -c release --product rclaude" % rclaude)
    require_tools()

    rows, notes = [], []
    load_start = os.getloadavg()[0]
    tmp = tempfile.mkdtemp(prefix="rclaude-remote-bench-")
    server = ssh = None
    try:
        size, size10 = args.mb * 1000 * 1000, args.fanout_mb * 1000 * 1000
        corpus, corpus10 = os.path.join(tmp, "corpus.txt"), os.path.join(tmp, "corpus10.txt")
        make_corpus(corpus, size)
        make_corpus(corpus10, size10)
        ssh = SSH(tmp)
        server = Server(rclaude, tmp, "serve")
        client_home = os.path.join(tmp, "client")
        os.makedirs(os.path.join(client_home, "home"))
        client_env = dict(os.environ, HOME=os.path.join(client_home, "home"), RCLAUDE_HOME=os.path.join(client_home, "rc"))
        subprocess.run([rclaude, "remote", "add", "bench", server.url, "--token-file", server.token_file],
                       env=client_env, check=True, stdout=subprocess.DEVNULL)
        if "1" in only:
            bench_throughput(server, ssh, rclaude, client_env, corpus, size, args.runs, tmp, rows)
        if "2" in only:
            bench_echo(server, ssh, args.samples, rows)
        if "3" in only:
            bench_fanout(server, tmp, corpus10, size10, args.clients, args.runs, rows, notes)
        if "5" in only:
            bench_first_byte(server, ssh, rclaude, client_env, args.first_byte_runs, rows, notes)
        if "4" in only:
            bench_memory(rclaude, tmp, args.sessions, rows, notes)
    finally:
        if server:
            server.stop()
        if ssh:
            ssh.stop()
        shutil.rmtree(tmp, ignore_errors=True)

    notes.append("load average (1 min) %.1f at the start, %.1f at the end, on %d cores"
                 % (load_start, os.getloadavg()[0], os.cpu_count()))
    print("| benchmark | rclaude | peer | ratio | goal | met |")
    print("|---|---|---|---|---|---|")
    for name, ours, peer, ratio, goal, met in rows:
        print("| %s | %s | %s | %s | %s | %s |" % (name, ours, peer, ratio, goal,
                                                    "-" if met is None else ("yes" if met else "**no**")))
    for note in notes:
        print("\n- " + note, end="")
    print()


if __name__ == "__main__":
    main()
