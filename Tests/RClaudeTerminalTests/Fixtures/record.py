#!/usr/bin/env python3
"""Record what a program writes to its terminal, for the emulator's fixture tests.

Runs COMMAND in a new pseudo-terminal of COLS x ROWS (TERM=xterm-256color, LANG=C.UTF-8), optionally
types KEYS into it (a JSON list of [seconds_to_wait, "text"] pairs; \\u001b etc. allowed), and writes every
byte the program outputs to OUT. Nothing is answered: queries the program sends stay unanswered.

usage: record.py OUT COLS ROWS [--keys KEYS.json] [--cwd DIR] -- COMMAND...
"""
import fcntl, json, os, pty, select, struct, sys, termios, time

def main():
    argv = sys.argv[1:]
    split = argv.index("--")
    opts, command = argv[:split], argv[split + 1:]
    out, cols, rows = opts[0], int(opts[1]), int(opts[2])
    keys, cwd = [], None
    if "--keys" in opts:
        keys = json.load(open(opts[opts.index("--keys") + 1]))
    if "--cwd" in opts:
        cwd = opts[opts.index("--cwd") + 1]
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        if cwd:
            os.chdir(cwd)
        env = {"TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "HOME": "/tmp/fixture-home",
               "PATH": "/usr/local/bin:/usr/bin:/bin", "COLUMNS": str(cols), "LINES": str(rows)}
        os.makedirs(env["HOME"], exist_ok=True)
        os.execvpe(command[0], command, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    data = bytearray()
    start = time.time()
    schedule = []
    t = 0.0
    for delay, text in keys:
        t += delay
        schedule.append((t, text.encode()))
    while True:
        now = time.time() - start
        while schedule and schedule[0][0] <= now:
            os.write(fd, schedule.pop(0)[1])
        timeout = 0.05
        r, _, _ = select.select([fd], [], [], timeout)
        if fd in r:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            data += chunk
        else:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done and not schedule:
                break
        if now > 60:
            break
    open(out, "wb").write(bytes(data))
    print(f"{out}: {len(data)} bytes")

if __name__ == "__main__":
    main()
