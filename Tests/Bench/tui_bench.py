#!/usr/bin/env python3
"""Benchmarks of `rclaude tui`, each against a named peer in the same run.

    python3 Tests/Bench/tui_bench.py --rclaude .build/release/rclaude [--runs N] [--only 1,2,3,4]

1. Start to first frame with 10,000 cached tasks (goal <= 150 ms). `rclaude tui` starts in a PTY
   this script owns (TERM=xterm-256color, 120x40); the script answers the OSC 11 background query at
   once, as a terminal does, and feeds every byte the TUI writes into a small screen model. The
   first frame is the first moment that screen shows the header's task count ("10000 tasks") and
   the dashboard's position counter ("1/10000"), i.e. the loaded dashboard is on screen.
   Peers, started the same way: `tmux new-session` on a private socket (a full-screen program that
   starts a server, spawns a pane and draws a frame), to the first screen showing its status line;
   and `less` on a 10,000-line listing of the same tasks, to the first screen showing its first
   line and its prompt. The ratio is against tmux.
2. Resident memory with 10,000 tasks and three terminals with full scrollback (goal <= 80 MB).
   Three interactive shell tasks each print `seq 1 20000` (twice the 10,000-line scrollback); the
   TUI runs in a private tmux server at 120x40, focuses its terminal pane and selects each task in
   turn so each pane's emulator holds the whole stream; then VmRSS of the TUI process.
   Peer: the RSS of a tmux server (private socket, history-limit 10000, same scrollback) with three
   windows of the terminal pane's size, each running the same `seq 1 20000; cat`.
   Also reported: CPU used by the idle TUI in that state over 5 s, beside the idle tmux server.
3. `cat` of a 50 MiB ANSI-coloured corpus (the generator of TerminalBench.swift, ported) in the
   terminal pane vs in a tmux pane of the same size (goal <= 0.33x tmux's time). Both run inside one
   outer private tmux server, which stands in for the user's terminal: window 1 runs the TUI
   (120x40) with an interactive task's terminal pane shown, window 2 an inner tmux client (its own
   private socket, no status line) whose pane has the terminal pane's size. Both panes run the same
   command loop, which reads a command line from a FIFO; timing starts when the script writes
   `cat corpus; echo DONE-MARK-n` to the FIFO and ends when the outer pane's screen
   (`capture-pane`, polled every 10 ms) shows DONE-MARK-n.
4. Bytes written to the terminal per echoed keystroke. The TUI runs in a PTY this script owns
   (120x40) with an interactive `cat` task's terminal pane focused and attached; 200 letters are
   typed one at a time and every byte the TUI writes in response is counted (each keystroke waits
   until its echo is on the modelled screen and the output has been quiet for 40 ms). Peer: a tmux
   client attached in a PTY of the same size to a session running `cat`, same keystrokes.

Prints a Markdown table (medians). The machine is shared and noisy: read the ratios.
"""

import argparse
import codecs
import fcntl
import os
import pty
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
import unicodedata

COLS, ROWS = 120, 40
TASKS = 10_000


# ---------------------------------------------------------------------------------------------------
# A small screen model: enough of xterm to follow what ncurses and tmux write (text, cursor
# movement, erases, scrolling regions, insert/delete), so "is X on screen" is a real question.

class Screen:
    def __init__(self, cols, rows):
        self.cols, self.rows = cols, rows
        self.lines = [[" "] * cols for _ in range(rows)]
        self.x = self.y = 0
        self.top, self.bottom = 0, rows - 1
        self.saved = (0, 0)
        self.pending = ""
        self.decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self.last = " "
        self.wrap_next = False

    def text(self):
        return "\n".join("".join(c for c in line if c is not None) for line in self.lines)

    def _scroll_up(self, n=1):
        for _ in range(n):
            del self.lines[self.top]
            self.lines.insert(self.bottom, [" "] * self.cols)

    def _scroll_down(self, n=1):
        for _ in range(n):
            del self.lines[self.bottom]
            self.lines.insert(self.top, [" "] * self.cols)

    def _lf(self):
        if self.y == self.bottom:
            self._scroll_up()
        elif self.y < self.rows - 1:
            self.y += 1

    def _put(self, ch):
        w = 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
        if unicodedata.combining(ch):
            return
        if self.wrap_next or self.x + w > self.cols:
            self.x = 0
            self._lf()
            self.wrap_next = False
        self.lines[self.y][self.x] = ch
        if w == 2 and self.x + 1 < self.cols:
            self.lines[self.y][self.x + 1] = None
        self.last = ch
        if self.x + w >= self.cols:
            self.x = self.cols - 1
            self.wrap_next = True
        else:
            self.x += w

    def _csi(self, params, final):
        private = params[:1] in ("?", ">", "<", "=")
        nums = [int(p) if p.isdigit() else 0 for p in re.split("[;:]", params.lstrip("?><=") or "")] or [0]
        n = max(1, nums[0])
        self.wrap_next = False
        if private:
            return
        if final in "Hf":
            self.y = min(self.rows - 1, max(1, nums[0]) - 1)
            self.x = min(self.cols - 1, max(1, nums[1] if len(nums) > 1 else 1) - 1)
        elif final == "A":
            self.y = max(self.top if self.y >= self.top else 0, self.y - n)
        elif final in "Be":
            self.y = min(self.bottom if self.y <= self.bottom else self.rows - 1, self.y + n)
        elif final in "Ca":
            self.x = min(self.cols - 1, self.x + n)
        elif final == "D":
            self.x = max(0, self.x - n)
        elif final in "G`":
            self.x = min(self.cols - 1, n - 1)
        elif final == "d":
            self.y = min(self.rows - 1, n - 1)
        elif final == "K":
            line = self.lines[self.y]
            a, b = {0: (self.x, self.cols), 1: (0, self.x + 1), 2: (0, self.cols)}.get(nums[0], (0, 0))
            for i in range(a, b):
                line[i] = " "
        elif final == "J":
            if nums[0] == 0:
                self._csi("0", "K")
                rows = range(self.y + 1, self.rows)
            elif nums[0] == 1:
                self._csi("1", "K")
                rows = range(0, self.y)
            else:
                rows = range(self.rows)
            for r in rows:
                self.lines[r] = [" "] * self.cols
        elif final == "X":
            for i in range(self.x, min(self.cols, self.x + n)):
                self.lines[self.y][i] = " "
        elif final == "b":
            for _ in range(n):
                self._put(self.last)
        elif final == "@":
            line = self.lines[self.y]
            line[self.x:self.x] = [" "] * n
            del line[self.cols:]
        elif final == "P":
            line = self.lines[self.y]
            del line[self.x:self.x + n]
            line.extend([" "] * (self.cols - len(line)))
        elif final in "LM" and self.top <= self.y <= self.bottom:
            for _ in range(n):
                if final == "L":
                    del self.lines[self.bottom]
                    self.lines.insert(self.y, [" "] * self.cols)
                else:
                    del self.lines[self.y]
                    self.lines.insert(self.bottom, [" "] * self.cols)
        elif final == "S":
            self._scroll_up(n)
        elif final == "T":
            self._scroll_down(n)
        elif final == "r":
            self.top = max(1, nums[0]) - 1
            self.bottom = (nums[1] if len(nums) > 1 and nums[1] else self.rows) - 1
            self.x = self.y = 0

    def feed(self, data):
        text = self.pending + self.decoder.decode(data)
        self.pending = ""
        i, n = 0, len(text)
        while i < n:
            c = text[i]
            if c == "\x1b":
                if i + 1 >= n:
                    self.pending = text[i:]
                    return
                d = text[i + 1]
                if d == "[":
                    m = re.compile(r"[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]").match(text, i + 2)
                    if not m:
                        self.pending = text[i:]
                        return
                    seq = m.group(0)
                    self._csi(seq[:-1].rstrip(" !\"#$%&'()*+,-./"), seq[-1])
                    i = m.end()
                    continue
                if d in "]P_^X":  # string: up to BEL or ST
                    end = len(text)
                    for j in range(i + 2, n):
                        if text[j] == "\x07":
                            end = j + 1
                            break
                        if text[j] == "\x1b" and j + 1 < n and text[j + 1] == "\\":
                            end = j + 2
                            break
                    else:
                        self.pending = text[i:]
                        return
                    i = end
                    continue
                if d in "()*+":
                    i += 3
                    continue
                if d == "7":
                    self.saved = (self.x, self.y)
                elif d == "8":
                    self.x, self.y = self.saved
                elif d == "M":
                    if self.y == self.top:
                        self._scroll_down()
                    elif self.y > 0:
                        self.y -= 1
                elif d in "DE":
                    if d == "E":
                        self.x = 0
                    self._lf()
                i += 2
                continue
            if c == "\r":
                self.x = 0
                self.wrap_next = False
            elif c in "\n\x0b\x0c":
                self._lf()
                self.wrap_next = False
            elif c == "\b":
                self.x = max(0, self.x - 1)
                self.wrap_next = False
            elif c == "\t":
                self.x = min(self.cols - 1, (self.x // 8 + 1) * 8)
            elif c >= " " and c != "\x7f":
                self._put(c)
            i += 1


# ---------------------------------------------------------------------------------------------------
# Programs in a PTY this script owns.

class PtyProgram:
    """A program on a PTY of a fixed size; every byte it writes is read, counted and modelled."""

    def __init__(self, argv, env, cols=COLS, rows=ROWS, answer_osc11=True):
        self.started = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:
            try:
                os.execvpe(argv[0], argv, env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.screen = Screen(cols, rows)
        self.total = 0
        self.answer_osc11 = answer_osc11
        self.tail = b""

    def pump(self, timeout):
        """Reads what is available within `timeout` seconds; returns the bytes read."""
        r, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not r:
            return b""
        try:
            data = os.read(self.fd, 1 << 16)
        except OSError:
            return b""
        self.total += len(data)
        self.screen.feed(data)
        if self.answer_osc11:
            seen = self.tail + data
            if b"\x1b]11;?" in seen:
                os.write(self.fd, b"\x1b]11;rgb:0000/0000/0000\x1b\\")
                self.answer_osc11 = False
            self.tail = seen[-8:]
        return data

    def wait_screen(self, predicate, timeout=30.0, what="screen"):
        deadline = time.perf_counter() + timeout
        while not predicate(self.screen.text()):
            if time.perf_counter() > deadline:
                raise RuntimeError("timed out waiting for %s; screen:\n%s" % (what, self.screen.text()))
            self.pump(0.05)
        return time.perf_counter()

    def drain(self, quiet=0.1, limit=5.0):
        """Reads until nothing came for `quiet` seconds; returns the byte count read."""
        n = 0
        end = time.perf_counter() + limit
        while time.perf_counter() < end:
            data = self.pump(quiet)
            if not data:
                break
            n += len(data)
        return n

    def send(self, data):
        os.write(self.fd, data)

    def close(self):
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.kill(self.pid, sig)
            except ProcessLookupError:
                break
            deadline = time.perf_counter() + 2
            while time.perf_counter() < deadline:
                self.pump(0.02)
                if os.waitpid(self.pid, os.WNOHANG)[0]:
                    os.close(self.fd)
                    return
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass
        os.close(self.fd)


class Tmux:
    """A tmux server on a private socket (never the default one)."""

    def __init__(self, name, env):
        self.name = "rclaude-bench-%s-%d" % (name, os.getpid())
        self.env = env

    def __call__(self, *args, check=True):
        result = subprocess.run(["tmux", "-L", self.name, "-f", "/dev/null"] + list(args), env=self.env,
                                capture_output=True, text=True)
        if check and result.returncode != 0:
            raise RuntimeError("tmux %s: %s" % (" ".join(args[:2]), result.stderr.strip()))
        return result.stdout

    def capture(self, target):
        return self("capture-pane", "-p", "-t", target, check=False)

    def wait(self, target, predicate, timeout=60.0, interval=0.05, what="text"):
        deadline = time.perf_counter() + timeout
        while True:
            screen = self.capture(target)
            if predicate(screen):
                return time.perf_counter(), screen
            if time.perf_counter() > deadline:
                raise RuntimeError("timed out waiting for %s in tmux; screen:\n%s" % (what, screen))
            time.sleep(interval)

    def server_pid(self):
        return int(self("display-message", "-p", "#{pid}").strip())

    def kill(self):
        subprocess.run(["tmux", "-L", self.name, "kill-server"], env=self.env, capture_output=True)


def cpu_seconds(pid):
    """User + system CPU time of a process so far."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    raise RuntimeError("no VmRSS for %d" % pid)


# ---------------------------------------------------------------------------------------------------
# The corpus: TerminalBench.swift's CorpusGenerator, ported (same xorshift, same choices).

CJK = ["日本", "語", "漢字", "中文", "한국어", "テスト", "東京", "终端", "模拟器"]
EMOJI = ["😀", "🚀", "✅", "🔥", "🎉", "👍"]
LETTERS = b"abcdefghijklmnopqrstuvwxyz"


def write_corpus(path, mebibytes):
    mask = (1 << 64) - 1
    state = 0x9E3779B97F4A7C15

    def below(n):
        nonlocal state
        state ^= (state << 13) & mask
        state ^= state >> 7
        state ^= (state << 17) & mask
        return state % n

    target = mebibytes * 1024 * 1024
    size = 0
    with open(path, "wb") as f:
        chunk = bytearray()
        while size + len(chunk) < target:
            words = 6 + below(8)
            for w in range(words):
                if w > 0:
                    chunk += b" "
                style = below(10)
                if style < 2:
                    chunk += b"\x1b[%dm" % (31 + below(7))
                elif style < 4:
                    chunk += b"\x1b[1;38;5;%dm" % below(256)
                elif style < 6:
                    r = below(256)
                    g = below(256)
                    b = below(256)
                    chunk += b"\x1b[38;2;%d;%d;%dm" % (r, g, b)
                kind = below(20)
                if kind == 0:
                    chunk += CJK[below(len(CJK))].encode()
                elif kind == 1:
                    chunk += EMOJI[below(len(EMOJI))].encode()
                else:
                    for _ in range(2 + below(8)):
                        chunk.append(LETTERS[below(26)])
                if style < 6:
                    chunk += b"\x1b[0m"
            movement = below(25)
            if movement == 0:
                row = 1 + below(40)
                col = 1 + below(120)
                chunk += b"\x1b[%d;%dH" % (row, col)
            elif movement == 1:
                up = 1 + below(5)
                right = 1 + below(10)
                chunk += b"\x1b[%dA\x1b[%dC" % (up, right)
            elif movement == 2:
                chunk += b"\x1b[K"
            chunk += b"\r\n"
            if len(chunk) > 1 << 20:
                f.write(chunk)
                size += len(chunk)
                chunk = bytearray()
        f.write(chunk)
        size += len(chunk)
    return size


# ---------------------------------------------------------------------------------------------------

class Bench:
    def __init__(self, rclaude, runs, tmp):
        self.rclaude = rclaude
        self.runs = runs
        self.tmp = tmp
        self.rows = []
        self.notes = []
        self.servers = []
        self.tasks = []  # (env, id) of interactive tasks to cancel
        self.env = {k: v for k, v in os.environ.items() if k not in ("TMUX", "NO_COLOR", "TMUX_PANE")}
        self.env.update(TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8", HOME=os.path.join(tmp, "user"))
        self.env.pop("XDG_CONFIG_HOME", None)
        os.makedirs(self.env["HOME"], exist_ok=True)

    def home(self, name):
        env = dict(self.env, RCLAUDE_HOME=os.path.join(self.tmp, name))
        os.makedirs(env["RCLAUDE_HOME"], exist_ok=True)
        return env

    def tmux(self, name, env=None):
        server = Tmux(name, env or self.env)
        self.servers.append(server)
        return server

    def run_task(self, env, command):
        out = subprocess.run([self.rclaude, "run", "--agent", "shell", "--interactive", "--detach", command],
                             env=dict(env, NO_COLOR="1"), capture_output=True, text=True, timeout=60)
        if out.returncode != 0:
            raise RuntimeError("rclaude run failed: %s" % out.stderr.strip())
        tid = out.stdout.strip().split()[-1]
        self.tasks.append((env, tid))
        return tid

    def cleanup(self):
        for env, tid in self.tasks:
            subprocess.run([self.rclaude, "cancel", tid], env=env, capture_output=True, timeout=30)
        for server in self.servers:
            server.kill()

    def add(self, name, ours, peer, ours_text, peer_text, goal, met, note=None):
        self.rows.append((name, ours_text, peer_text, "%.2f" % (ours / peer) if peer >= 0.01 else "-", goal,
                          "yes" if met else "**no**"))
        if note:
            self.notes.append(note)

    # 1 -------------------------------------------------------------------------------------------
    def start_to_first_frame(self):
        env = self.home("start")
        subprocess.run([self.rclaude, "debug", "write-tasks", "--count", str(TASKS)], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        # The synthetic tasks are queued without a supervisor: the first listing settles them (one durable
        # update each). Done here, untimed, so every timed start sees the steady state.
        subprocess.run([self.rclaude, "ls", "--all"], env=env, check=True, stdout=subprocess.DEVNULL)
        self.start_env = env
        count = "%d tasks" % TASKS
        counter = "1/%d" % TASKS

        def ours_once():
            p = PtyProgram([self.rclaude, "tui"], env)
            try:
                paint = p.wait_screen(lambda s: s.startswith(" rclaude "), what="any frame")
                t = p.wait_screen(lambda s: count in s.splitlines()[0] and counter in s, what="loaded dashboard")
                return t - p.started, paint - p.started
            finally:
                p.send(b"q")
                p.drain(0.05, 2)
                p.close()

        listing = os.path.join(self.tmp, "listing.txt")
        with open(listing, "w") as f:
            for i in range(TASKS):
                f.write("○ queued     %012x shell   local    synthetic task %d\n" % (i, i))

        def less_once():
            p = PtyProgram(["less", listing], self.env)
            try:
                t = p.wait_screen(lambda s: s.splitlines()[0].rstrip().endswith("synthetic task 0")
                                  and "listing.txt" in s.splitlines()[-1],
                                  what="less")
                return t - p.started
            finally:
                p.send(b"q")
                p.close()

        def tmux_once(i):
            name = "rclaude-bench-first-%d-%d" % (os.getpid(), i)
            p = PtyProgram(["tmux", "-L", name, "-f", "/dev/null", "new-session", "cat"], self.env)
            try:
                t = p.wait_screen(lambda s: "[0] 0:" in s.splitlines()[-1], what="tmux status line")
                return t - p.started
            finally:
                subprocess.run(["tmux", "-L", name, "kill-server"], env=self.env, capture_output=True)
                p.close()

        ours_once()  # warm the page cache, like every later start
        less_once()
        tmux_once(-1)
        o, l, t, paints = [], [], [], []
        for i in range(self.runs):
            elapsed, paint = ours_once()
            o.append(elapsed)
            paints.append(paint)
            l.append(less_once())
            t.append(tmux_once(i))
        mo, ml, mt = statistics.median(o), statistics.median(l), statistics.median(t)
        self.add("start to first frame, %d cached tasks (`rclaude tui`) vs `tmux new-session`" % TASKS,
                 mo, mt, "%.0f ms" % (mo * 1000), "%.1f ms" % (mt * 1000), "<= 150 ms", mo <= 0.150,
                 "1: runs %s ms; the first frame of any kind (header drawn, tasks still loading) came after "
                 "%.0f ms (median); `less` on a listing of the same tasks: %.1f ms (ratio %.1f)."
                 % (", ".join("%.0f" % (x * 1000) for x in o), statistics.median(paints) * 1000, ml * 1000,
                    mo / ml))

    # 2 -------------------------------------------------------------------------------------------
    def memory(self):
        env = self.start_env if hasattr(self, "start_env") else None
        if env is None:
            env = self.home("start")
            subprocess.run([self.rclaude, "debug", "write-tasks", "--count", str(TASKS)], env=env, check=True,
                           stdout=subprocess.DEVNULL)
            subprocess.run([self.rclaude, "ls", "--all"], env=env, check=True, stdout=subprocess.DEVNULL)
        ids = [self.run_task(env, "seq 1 20000; echo FILLED-$((20000+%d)); exec cat" % k) for k in range(3)]
        outer = self.tmux("rss", env)
        outer("new-session", "-d", "-s", "t", "-x", str(COLS), "-y", str(ROWS),
              "exec env TERM=xterm-256color %s tui --theme dark" % self.rclaude)
        pid = int(outer("display-message", "-p", "-t", "t", "#{pane_pid}").strip())
        outer.wait("t", lambda s: "%d tasks" % (TASKS + 3) in s, what="dashboard")
        outer("send-keys", "-t", "t", "g")
        outer("send-keys", "-t", "t", "3")
        size = None
        for k in range(3):
            outer.wait("t", lambda s, k=k: "FILLED-%d" % (20000 + (2 - k)) in s, timeout=60,
                       what="task %d's output" % k)
            outer("send-keys", "-t", "t", "1", "j", "3")  # next task (newest first), back to its terminal
        time.sleep(1.0)
        ours = rss_mb(pid)
        # The terminal pane's size, for the peer's windows.
        pane = [ln for ln in outer.capture("t").splitlines()]
        size = self.pane_size(pane)
        peer = self.tmux("rss-peer")
        cmd = "seq 1 20000; echo FILLED; exec cat"
        peer("new-session", "-d", "-s", "p", "-x", str(size[0]), "-y", str(size[1]), ";",
             "set", "-g", "history-limit", "10000", ";", "set", "-g", "status", "off")
        peer("new-window", "-t", "p", cmd)
        peer("new-window", "-t", "p", cmd)
        peer("new-window", "-t", "p", cmd)
        peer("kill-window", "-t", "p:0")
        for w in (1, 2, 3):
            peer("resize-window", "-t", "p:%d" % w, "-x", str(size[0]), "-y", str(size[1]))
            peer.wait("p:%d" % w, lambda s: "FILLED" in s, what="peer window %d" % w)
        hist = [peer("display-message", "-p", "-t", "p:%d" % w, "#{history_size}").strip() for w in (1, 2, 3)]
        time.sleep(0.5)
        theirs = rss_mb(peer.server_pid())
        # Idle CPU over the same 5 s: the TUI doing nothing but its clock and polling, the tmux server idle.
        a, b = cpu_seconds(pid), cpu_seconds(peer.server_pid())
        time.sleep(5.0)
        idle_ours, idle_peer = (cpu_seconds(pid) - a) / 5.0, (cpu_seconds(peer.server_pid()) - b) / 5.0
        outer("send-keys", "-t", "t", "q")
        self.add("idle CPU, %d tasks (3 running) vs the tmux server above, over 5 s" % TASKS, idle_ours,
                 idle_peer, "%.0f%%" % (idle_ours * 100), "%.1f%%" % (idle_peer * 100), "-", True)
        self.add("RSS, %d tasks" % TASKS + " + 3 terminals with full scrollback vs tmux server, 3 windows", ours, theirs,
                 "%.1f MB" % ours, "%.1f MB" % theirs, "<= 80 MB", ours <= 80,
                 "2: terminal pane %dx%d; tmux history sizes %s (limit 10000); MB = MiB of VmRSS."
                 % (size[0], size[1], "/".join(hist)))
        for tid in ids:
            subprocess.run([self.rclaude, "cancel", tid], env=env, capture_output=True, timeout=30)

    @staticmethod
    def pane_size(lines):
        """The inner size of the lower pane (the one whose title starts with a tab list)."""
        top = next(i for i, ln in enumerate(lines) if i > 1 and ln.startswith("╭"))
        bottom = next(i for i in range(top + 1, len(lines)) if lines[i].startswith("╰"))
        width = len(lines[top].rstrip()) - 2
        return width, bottom - top - 1

    # 3 -------------------------------------------------------------------------------------------
    def cat_throughput(self):
        corpus = os.path.join(self.tmp, "corpus.txt")
        size = write_corpus(corpus, self.corpus_mib)
        env = self.home("cat")
        fifo_ours = os.path.join(self.tmp, "fifo-ours")
        fifo_peer = os.path.join(self.tmp, "fifo-peer")
        os.mkfifo(fifo_ours)
        os.mkfifo(fifo_peer)
        loop = "while :; do IFS= read -r line < %s && eval \"$line\"; done"
        self.run_task(env, loop % fifo_ours)
        outer = self.tmux("cat", env)
        outer("new-session", "-d", "-s", "t", "-x", str(COLS), "-y", str(ROWS),
              "exec env TERM=xterm-256color %s tui --theme dark" % self.rclaude)
        outer.wait("t", lambda s: "1 task" in s, what="dashboard")
        outer("send-keys", "-t", "t", "3")
        sizefile = os.path.join(self.tmp, "size")

        def command(fifo, text):
            with open(fifo, "w") as f:
                f.write(text + "\n")

        outer.wait("t", lambda s: "Enter attaches" in s or "attach" in s, what="terminal pane")
        time.sleep(0.5)
        command(fifo_ours, "stty size > %s; echo SIZED" % sizefile)
        outer.wait("t", lambda s: "SIZED" in s, what="size")
        rows, cols = map(int, open(sizefile).read().split())
        # The peer: an inner tmux (its own socket, no status line) in window 2, pane of the same size.
        inner = self.tmux("cat-inner")
        inner("new-session", "-d", "-s", "i", "-x", str(cols), "-y", str(rows), loop % fifo_peer, ";",
              "set", "-g", "status", "off", ";", "set", "-g", "history-limit", "10000")
        outer("new-window", "-t", "t:1",
              "exec env TERM=xterm-256color tmux -L %s -f /dev/null attach -t i" % inner.name)
        outer("resize-window", "-t", "t:1", "-x", str(cols), "-y", str(rows))
        inner("resize-window", "-t", "i", "-x", str(cols), "-y", str(rows), check=False)
        for attempt in range(20):  # tmux applies the client's resize asynchronously
            time.sleep(0.25)
            command(fifo_peer, "clear; stty size > %s.peer; echo SIZED-%d" % (sizefile, attempt))
            outer.wait("t:1", lambda s: "SIZED-%d" % attempt in s, what="peer size")
            if open(sizefile + ".peer").read().split() == [str(rows), str(cols)]:
                break
        peer_size = open(sizefile + ".peer").read().split()

        def once(target, fifo, mark):
            start = time.perf_counter()
            command(fifo, "cat %s; echo DONE-MARK-%d" % (corpus, mark))
            end, _ = outer.wait(target, lambda s: "DONE-MARK-%d" % mark in s, timeout=300, interval=0.01,
                                what="DONE-MARK-%d" % mark)
            return end - start

        o, t = [], []
        for i in range(self.runs):
            o.append(once("t:0", fifo_ours, 2 * i))
            t.append(once("t:1", fifo_peer, 2 * i + 1))
        mo, mt = statistics.median(o), statistics.median(t)
        self.add("`cat` of a %d MiB coloured corpus" % self.corpus_mib + " in the terminal pane vs a tmux pane of the same size",
                 mo, mt, "%.2f s" % mo, "%.2f s" % mt, "<= 0.33x tmux", mo / mt <= 0.33,
                 "3: %d bytes; pane %dx%d (tmux pane %sx%s), outer window %dx%d; runs ours %s s, tmux %s s."
                 % (size, cols, rows, peer_size[1], peer_size[0], COLS, ROWS,
                    ", ".join("%.2f" % x for x in o), ", ".join("%.2f" % x for x in t)))

    # 4 -------------------------------------------------------------------------------------------
    def keystroke_bytes(self):
        env = self.home("keys")
        self.run_task(env, "exec cat")
        keys = [bytes([ord("a") + i % 26]) for i in range(200)]

        def type_all(p):
            counts = []
            samples = []
            for k in keys:
                before = p.total
                seen = b""
                p.send(k)
                deadline = time.perf_counter() + 2
                while not seen and time.perf_counter() < deadline:  # the echo's first bytes
                    seen = p.pump(0.05)
                while True:  # then the rest of that frame, until 40 ms of quiet
                    more = p.pump(0.04)
                    if not more:
                        break
                    seen += more
                counts.append(p.total - before)
                samples.append(seen)
            return counts, samples

        p = PtyProgram([self.rclaude, "tui"], env)
        try:
            p.wait_screen(lambda s: "1 task" in s.splitlines()[0], what="dashboard")
            p.send(b"3")
            p.wait_screen(lambda s: "attach" in s, what="terminal pane")
            p.send(b"\r")
            p.wait_screen(lambda s: "ATTACHED" in s, what="attached")
            p.drain(0.3)
            ours, ours_samples = type_all(p)
            ours_screen = p.screen.text()
            p.send(b"\x1c")
            p.drain(0.2)
            p.send(b"q")
            p.drain(0.1)
        finally:
            p.close()
        name = "rclaude-bench-keys-%d" % os.getpid()
        q = PtyProgram(["tmux", "-L", name, "-f", "/dev/null", "new-session", "cat"], self.env)
        try:
            q.wait_screen(lambda s: "[0] 0:" in s, what="tmux")
            q.drain(0.3)
            theirs, their_samples = type_all(q)
            their_screen = q.screen.text()
        finally:
            subprocess.run(["tmux", "-L", name, "kill-server"], env=self.env, capture_output=True)
            q.close()
        typed = b"".join(keys).decode()
        for who, screen in (("rclaude", ours_screen), ("tmux", their_screen)):
            if typed not in screen.replace("│", "").replace("\n", ""):
                raise RuntimeError("%s: the typed text is not on the screen:\n%s" % (who, screen))
        typical = sorted(ours_samples, key=len)[len(ours_samples) // 2]
        print("4: a typical keystroke's output, rclaude: %r; tmux: %r"
              % (typical, sorted(their_samples, key=len)[len(their_samples) // 2]), file=sys.stderr)
        mo, mt = statistics.median(ours), statistics.median(theirs)
        self.add("bytes written to the terminal per echoed keystroke (`cat`, attached) vs tmux client",
                 mo, mt, "%.0f B" % mo, "%.0f B" % mt, "-", True,
                 "4: 200 keystrokes, %dx%d; mean %.1f B ours (min %d, max %d), %.1f B tmux (min %d, max %d); "
                 "the mean includes clock redraws." % (COLS, ROWS, statistics.mean(ours), min(ours), max(ours),
                                                      statistics.mean(theirs), min(theirs), max(theirs)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rclaude", required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--only", default="1,2,3,4")
    ap.add_argument("--tasks", type=int, default=10_000, help="cached tasks for 1 and 2 (default 10000)")
    ap.add_argument("--corpus-mib", type=int, default=50, help="size of the corpus for 3 (default 50)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = ap.parse_args()
    globals()["TASKS"] = args.tasks
    if not shutil.which("tmux"):
        raise SystemExit("needs tmux")
    tmp = tempfile.mkdtemp(prefix="rclaude-tui-bench-")
    bench = Bench(os.path.abspath(args.rclaude), args.runs, tmp)
    bench.corpus_mib = args.corpus_mib
    steps = {"1": bench.start_to_first_frame, "2": bench.memory, "3": bench.cat_throughput,
             "4": bench.keystroke_bytes}
    try:
        for key in args.only.split(","):
            print("running %s…" % steps[key.strip()].__name__, file=sys.stderr, flush=True)
            steps[key.strip()]()
    finally:
        bench.cleanup()
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    print("| benchmark | rclaude | peer | ratio | goal | met |")
    print("|---|---|---|---|---|---|")
    for row in bench.rows:
        print("| %s |" % " | ".join(row))
    print()
    for note in bench.notes:
        print("- " + note)


if __name__ == "__main__":
    main()
