#!/usr/bin/env python3
"""A local stand-in for E2B that follows the documented protocol (PROTOCOLS.md section 4).

One HTTP/1.1 server on 127.0.0.1 serves both halves:

* the control plane (`X-API-Key` checked, 401 on a wrong key): POST /sandboxes,
  GET /sandboxes/{id}, GET /v2/sandboxes (state/metadata filters), DELETE /sandboxes/{id},
  POST /sandboxes/{id}/timeout, POST /sandboxes/{id}/connect, POST /sandboxes/{id}/refreshes;
* envd, routed by the `E2b-Sandbox-Id` header (or a `49983-<id>.<domain>` Host) and
  checked against the sandbox's `X-Access-Token`: the Connect protocol with the JSON codec
  for process.Process (Start as a server stream of enveloped, chunked frames; SendInput,
  SendSignal, CloseStdin, Update, List) and filesystem.Filesystem (ListDir, Stat, MakeDir,
  Remove, Move), plus GET/POST /files and GET /health;
* one test hook, /_test/stall, which never answers.

Processes really run (subprocess; a real PTY from os.openpty for pty:true, resized with
TIOCSWINSZ) in a per-sandbox temporary directory that stands for /home/user. Killing a
sandbox (DELETE, or its timeout passing) kills its processes and cuts their streams without
an end event, as a vanished VM would. The port is printed on stdout once listening.

Usage: fake_e2b.py [--api-key KEY] [--exit-on-stdin-eof]   (default key: e2b_test_key)
"""

import base64
import datetime
import fcntl
import json
import os
import posixpath
import secrets
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

API_KEY = "e2b_test_key"
HOME = "/home/user"
ENVD_VERSION = "0.5.7"
SIGNAL_NAMES = {
    1: "hangup", 2: "interrupt", 3: "quit", 4: "illegal instruction", 5: "trace/breakpoint trap", 6: "aborted",
    7: "bus error", 8: "floating point exception", 9: "killed", 10: "user defined signal 1",
    11: "segmentation fault", 12: "user defined signal 2", 13: "broken pipe", 14: "alarm clock", 15: "terminated",
}
CONNECT_STATUS = {
    "canceled": 499, "unknown": 500, "invalid_argument": 400, "deadline_exceeded": 504, "not_found": 404,
    "already_exists": 409, "permission_denied": 403, "resource_exhausted": 429, "failed_precondition": 400,
    "aborted": 409, "out_of_range": 400, "unimplemented": 501, "internal": 500, "unavailable": 503,
    "data_loss": 500, "unauthenticated": 401,
}


def rfc3339(ts):
    return datetime.datetime.fromtimestamp(ts, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class ConnectError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


class SandboxGone(Exception):
    pass


class Process:
    def __init__(self, popen, master, tty, config):
        self.popen = popen
        self.master = master
        self.tty = tty
        self.config = config
        self.stdin_closed = False


class Sandbox:
    def __init__(self, template, timeout, metadata):
        self.id = "i" + secrets.token_hex(10)
        self.token = secrets.token_hex(16)
        self.template = template
        self.metadata = metadata or {}
        self.started = time.time()
        self.end_at = self.started + timeout
        self.root = tempfile.mkdtemp(prefix="fake-e2b-")
        self.processes = {}
        self.killed = False
        self.lock = threading.Lock()

    # Paths: /home/user/... lives in root; any other absolute path under root/.rootfs.
    def host_path(self, path):
        if not path:
            path = HOME
        if not path.startswith("/"):
            path = HOME + "/" + path
        path = posixpath.normpath(path)
        if path == HOME or path.startswith(HOME + "/"):
            return os.path.join(self.root, path[len(HOME) + 1:]) if path != HOME else self.root
        return os.path.join(self.root, ".rootfs", path.lstrip("/"))

    def sandbox_path(self, host):
        rel = os.path.relpath(host, self.root)
        if rel == ".":
            return HOME
        if rel.startswith(".rootfs"):
            return "/" + rel[len(".rootfs"):].lstrip("/")
        return HOME + "/" + rel

    def kill(self):
        with self.lock:
            self.killed = True
            processes = list(self.processes.values())
        for proc in processes:
            try:
                os.killpg(proc.popen.pid, signal.SIGKILL)
            except OSError:
                pass

    def detail(self, with_token):
        body = {
            "templateID": self.template, "alias": self.template, "sandboxID": self.id, "clientID": "fake",
            "startedAt": rfc3339(self.started), "endAt": rfc3339(self.end_at), "cpuCount": 2, "memoryMB": 512,
            "diskSizeMB": 1024, "metadata": self.metadata, "state": "running", "envdVersion": ENVD_VERSION,
        }
        if with_token:
            body["envdAccessToken"] = self.token
        return body


class World:
    def __init__(self):
        self.sandboxes = {}
        self.lock = threading.Lock()

    def add(self, sandbox):
        with self.lock:
            self.sandboxes[sandbox.id] = sandbox

    def get(self, sid):
        with self.lock:
            return self.sandboxes.get(sid)

    def remove(self, sid):
        # Gone from the control plane first, then its processes die: a stream cut by the kill
        # finds the sandbox missing when the client asks why.
        with self.lock:
            sandbox = self.sandboxes.pop(sid, None)
        if sandbox:
            sandbox.kill()
            threading.Timer(2.0, shutil.rmtree, args=(sandbox.root, True)).start()
        return sandbox

    def all(self):
        with self.lock:
            return list(self.sandboxes.values())

    def reap(self):
        while True:
            time.sleep(0.2)
            now = time.time()
            for sandbox in self.all():
                if sandbox.end_at <= now:
                    self.remove(sandbox.id)


WORLD = World()


def entry_info(sandbox, host):
    st = os.lstat(host)
    import stat as stat_module
    if stat_module.S_ISDIR(st.st_mode):
        kind = "FILE_TYPE_DIRECTORY"
    elif stat_module.S_ISLNK(st.st_mode):
        kind = "FILE_TYPE_SYMLINK"
    else:
        kind = "FILE_TYPE_FILE"
    info = {
        "name": os.path.basename(host) if host != sandbox.root else "user",
        "type": kind,
        "path": sandbox.sandbox_path(host),
        "size": str(st.st_size),
        "mode": stat_module.S_IMODE(st.st_mode),
        "permissions": stat_module.filemode(st.st_mode),
        "owner": "user",
        "group": "user",
        "modifiedTime": rfc3339(st.st_mtime),
    }
    if kind == "FILE_TYPE_SYMLINK":
        info["symlinkTarget"] = os.readlink(host)
    return info


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fake-e2b/1"

    def log_message(self, fmt, *args):
        if os.environ.get("FAKE_E2B_LOG"):
            sys.stderr.write("fake-e2b: " + (fmt % args) + "\n")

    # ---- plumbing -------------------------------------------------------------------------

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            data = b""
            while True:
                size = int(self.rfile.readline().strip().split(b";")[0], 16)
                if size == 0:
                    self.rfile.readline()
                    return data
                data += self.rfile.read(size)
                self.rfile.readline()
        return self.rfile.read(length) if length else b""

    def reply(self, status, body=None, content_type="application/json", headers=None):
        data = b"" if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
        self.send_response(status)
        if data or status not in (204,):
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if data:
            self.wfile.write(data)

    def api_error(self, status, message):
        self.reply(status, {"code": status, "message": message})

    def connect_error(self, error):
        self.reply(CONNECT_STATUS.get(error.code, 500), {"code": error.code, "message": error.message})

    def do_GET(self):
        self.route("GET")

    def do_POST(self):
        self.route("POST")

    def do_DELETE(self):
        self.route("DELETE")

    def route(self, method):
        url = urlsplit(self.path)
        path = url.path
        query = parse_qs(url.query)
        try:
            if path == "/_test/stall":
                # Test hook: accept the request and never answer (for client timeouts and cancellation).
                self.body()
                time.sleep(30)
                self.close_connection = True
                return
            if path.startswith("/process.Process/") or path.startswith("/filesystem.Filesystem/") \
                    or path in ("/files", "/health", "/envs"):
                self.envd(method, path, query)
            else:
                self.control(method, path, query)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    # ---- control plane --------------------------------------------------------------------

    def control(self, method, path, query):
        body = self.body()
        if self.headers.get("X-API-Key") != API_KEY:
            return self.api_error(401, "Invalid API key, it must start with 'e2b_' and belong to a team")
        parts = [p for p in path.split("/") if p]
        if method == "POST" and parts == ["sandboxes"]:
            request = json.loads(body or b"{}")
            template = request.get("templateID")
            if not template:
                return self.api_error(400, "templateID is required")
            if template == "missing-template":
                return self.api_error(404, "template 'missing-template' not found")
            sandbox = Sandbox(template, int(request.get("timeout", 15)), request.get("metadata"))
            WORLD.add(sandbox)
            return self.reply(201, {
                "templateID": template, "sandboxID": sandbox.id, "alias": template, "clientID": "fake",
                "envdVersion": ENVD_VERSION, "envdAccessToken": sandbox.token, "domain": None,
            })
        if method == "GET" and parts == ["v2", "sandboxes"]:
            states = (query.get("state", ["running,paused"])[0]).split(",")
            wanted = {}
            for pair in query.get("metadata", [""])[0].split("&"):
                if "=" in pair:
                    key, value = pair.split("=", 1)
                    wanted[parse_qs("k=" + key)["k"][0] if key else key] = parse_qs("v=" + value).get("v", [""])[0]
            listed = [s.detail(False) for s in WORLD.all()
                      if "running" in states and all(s.metadata.get(k) == v for k, v in wanted.items())]
            return self.reply(200, listed, headers={"X-Total-Running": str(len(listed))})
        if len(parts) >= 2 and parts[0] == "sandboxes":
            sandbox = WORLD.get(parts[1])
            if sandbox is None:
                return self.api_error(404, "sandbox \"%s\" not found" % parts[1])
            if method == "GET" and len(parts) == 2:
                return self.reply(200, sandbox.detail(True))
            if method == "DELETE" and len(parts) == 2:
                WORLD.remove(sandbox.id)
                return self.reply(204)
            if method == "POST" and parts[2:] == ["timeout"]:
                sandbox.end_at = time.time() + int(json.loads(body or b"{}").get("timeout", 15))
                return self.reply(204)
            if method == "POST" and parts[2:] == ["refreshes"]:
                duration = min(3600, int(json.loads(body or b"{}").get("duration", 60)))
                sandbox.end_at = max(sandbox.end_at, time.time() + duration)
                return self.reply(204)
            if method == "POST" and parts[2:] == ["connect"]:
                sandbox.end_at = max(sandbox.end_at, time.time() + int(json.loads(body or b"{}").get("timeout", 15)))
                return self.reply(200, {
                    "templateID": sandbox.template, "sandboxID": sandbox.id, "clientID": "fake",
                    "envdVersion": ENVD_VERSION, "envdAccessToken": sandbox.token,
                })
        return self.api_error(404, "no route for %s %s" % (method, path))

    # ---- envd -----------------------------------------------------------------------------

    def sandbox_of_request(self):
        sid = self.headers.get("E2b-Sandbox-Id")
        if not sid:
            host = (self.headers.get("Host") or "").split(":")[0]
            label = host.split(".")[0]
            if "-" in label:
                sid = label.split("-", 1)[1]
        return WORLD.get(sid) if sid else None

    def envd(self, method, path, query):
        body = self.body()
        sandbox = self.sandbox_of_request()
        if sandbox is None:
            # What E2B's proxy answers for a sandbox it does not know.
            return self.reply(502, {"code": 502, "message": "The sandbox was not found", "sandboxId":
                                    self.headers.get("E2b-Sandbox-Id", "")})
        if path == "/health":
            return self.reply(204)
        if self.headers.get("X-Access-Token") != sandbox.token:
            if path == "/files":
                return self.api_error(401, "invalid access token")
            return self.connect_error(ConnectError("unauthenticated", "invalid access token"))
        try:
            if path == "/files":
                return self.files(method, sandbox, query, body)
            if path == "/envs":
                return self.reply(200, {})
            if method != "POST":
                raise ConnectError("unimplemented", "%s %s" % (method, path))
            if path == "/process.Process/Start":
                return self.start(sandbox, body)
            if self.headers.get("Content-Type", "").split(";")[0].strip() != "application/json":
                return self.reply(415, b"unsupported content type", "text/plain")
            request = json.loads(body or b"{}")
            handler = {
                "/process.Process/SendInput": self.send_input,
                "/process.Process/SendSignal": self.send_signal,
                "/process.Process/CloseStdin": self.close_stdin,
                "/process.Process/Update": self.update,
                "/process.Process/List": self.list_processes,
                "/filesystem.Filesystem/ListDir": self.list_dir,
                "/filesystem.Filesystem/Stat": self.stat,
                "/filesystem.Filesystem/MakeDir": self.make_dir,
                "/filesystem.Filesystem/Remove": self.remove,
                "/filesystem.Filesystem/Move": self.move,
            }.get(path)
            if handler is None:
                raise ConnectError("unimplemented", "%s is not implemented" % path)
            return self.reply(200, handler(sandbox, request))
        except ConnectError as error:
            return self.connect_error(error)

    # ---- process.Process ------------------------------------------------------------------

    def process_of(self, sandbox, request):
        pid = (request.get("process") or {}).get("pid")
        with sandbox.lock:
            proc = sandbox.processes.get(int(pid or 0))
        if proc is None:
            raise ConnectError("not_found", "process with pid %s not found" % pid)
        return proc

    def send_input(self, sandbox, request):
        proc = self.process_of(sandbox, request)
        data = request.get("input") or {}
        if "pty" in data:
            if proc.master is None:
                raise ConnectError("failed_precondition", "the process has no pty")
            os.write(proc.master, base64.b64decode(data["pty"]))
        elif "stdin" in data:
            if proc.popen.stdin is None or proc.stdin_closed:
                raise ConnectError("failed_precondition", "stdin is not enabled or closed")
            proc.popen.stdin.write(base64.b64decode(data["stdin"]))
            proc.popen.stdin.flush()
        return {}

    def send_signal(self, sandbox, request):
        proc = self.process_of(sandbox, request)
        number = {"SIGNAL_SIGTERM": signal.SIGTERM, "SIGNAL_SIGKILL": signal.SIGKILL}.get(request.get("signal"))
        if number is None:
            raise ConnectError("invalid_argument", "unsupported signal %r" % request.get("signal"))
        try:
            proc.popen.send_signal(number)
        except OSError:
            pass
        return {}

    def close_stdin(self, sandbox, request):
        proc = self.process_of(sandbox, request)
        if proc.tty:
            raise ConnectError("failed_precondition", "cannot close stdin of a pty; send 0x04")
        if proc.popen.stdin is not None and not proc.stdin_closed:
            proc.stdin_closed = True
            proc.popen.stdin.close()
        return {}

    def update(self, sandbox, request):
        proc = self.process_of(sandbox, request)
        size = ((request.get("pty") or {}).get("size")) or {}
        if proc.master is None:
            raise ConnectError("failed_precondition", "the process has no pty")
        fcntl.ioctl(proc.master, termios.TIOCSWINSZ, struct.pack("HHHH", int(size.get("rows", 24)),
                                                                  int(size.get("cols", 80)), 0, 0))
        return {}

    def list_processes(self, sandbox, request):
        with sandbox.lock:
            items = list(sandbox.processes.items())
        return {"processes": [{"pid": pid, "config": proc.config} for pid, proc in items]}

    def start(self, sandbox, body):
        if self.headers.get("Content-Type", "").split(";")[0].strip() != "application/connect+json":
            return self.reply(415, b"streaming calls need application/connect+json", "text/plain")
        if len(body) < 5:
            return self.connect_error(ConnectError("invalid_argument", "missing request envelope"))
        flags, length = struct.unpack(">BI", body[:5])
        request = json.loads(body[5:5 + length] or b"{}")
        self.send_response(200)
        self.send_header("Content-Type", "application/connect+json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        lock = threading.Lock()

        def frame(message, flags=0):
            data = json.dumps(message).encode()
            chunk = struct.pack(">BI", flags, len(data)) + data
            with lock:
                self.wfile.write(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
                self.wfile.flush()

        def finish(error=None):
            frame({"error": error} if error else {}, flags=2)
            with lock:
                self.wfile.write(b"0\r\n\r\n")
                self.wfile.flush()

        config = request.get("process") or {}
        cwd = sandbox.host_path(config.get("cwd") or HOME)
        if not os.path.isdir(cwd):
            return finish({"code": "invalid_argument", "message": "cwd '%s' does not exist" % config.get("cwd")})
        env = dict(os.environ)
        env.update({"HOME": sandbox.root, "USER": "user", "PWD": cwd})
        env.update(config.get("envs") or {})
        argv = [config.get("cmd", "")] + list(config.get("args") or [])
        pty_request = request.get("pty")
        master = None
        try:
            if pty_request:
                size = pty_request.get("size") or {}
                master, slave = os.openpty()
                fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", int(size.get("rows", 24)),
                                                                   int(size.get("cols", 80)), 0, 0))
                env.setdefault("TERM", "xterm-256color")

                def controlling_tty():
                    fcntl.ioctl(0, termios.TIOCSCTTY, 0)

                popen = subprocess.Popen(argv, cwd=cwd, env=env, stdin=slave, stdout=slave, stderr=slave,
                                         start_new_session=True, preexec_fn=controlling_tty)
                os.close(slave)
            else:
                stdin = subprocess.PIPE if request.get("stdin", True) else subprocess.DEVNULL
                popen = subprocess.Popen(argv, cwd=cwd, env=env, stdin=stdin, stdout=subprocess.PIPE,
                                         stderr=subprocess.PIPE, start_new_session=True)
        except OSError as error:
            if master is not None:
                os.close(master)
            return finish({"code": "invalid_argument", "message": "failed to start %s: %s" % (argv[0], error)})
        proc = Process(popen, master, bool(pty_request), config)
        with sandbox.lock:
            sandbox.processes[popen.pid] = proc
            killed = sandbox.killed
        if killed:
            os.killpg(popen.pid, signal.SIGKILL)
        try:
            frame({"event": {"start": {"pid": popen.pid}}})
            readers = [(master, "pty")] if master is not None else [(popen.stdout.fileno(), "stdout"),
                                                                     (popen.stderr.fileno(), "stderr")]
            self.pump(sandbox, popen, readers, frame)
            code = popen.wait()
            if sandbox.killed:
                raise SandboxGone()
            if code < 0:
                end = {"exitCode": -1, "exited": False, "status": "signal: " + SIGNAL_NAMES.get(-code, "signal %d" % -code)}
            else:
                end = {"exited": True, "status": "exit status %d" % code}
                if code:
                    end["exitCode"] = code
            frame({"event": {"end": end}})
            finish()
        except SandboxGone:
            # The VM is gone: no end event, no end of stream, the connection just drops.
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        except (BrokenPipeError, ConnectionResetError):
            # The client went away; like envd, the process keeps running.
            self.close_connection = True
        finally:
            if master is not None and popen.poll() is not None:
                with sandbox.lock:
                    sandbox.processes.pop(popen.pid, None)
                try:
                    os.close(master)
                except OSError:
                    pass
            elif popen.poll() is not None:
                with sandbox.lock:
                    sandbox.processes.pop(popen.pid, None)

    def pump(self, sandbox, popen, readers, frame):
        open_fds = {fd: name for fd, name in readers}
        exited_at = None
        while open_fds:
            if sandbox.killed:
                raise SandboxGone()
            ready, _, _ = select.select(list(open_fds), [], [], 0.1)
            for fd in ready:
                try:
                    data = os.read(fd, 65536)
                except OSError:
                    data = b""
                if not data:
                    del open_fds[fd]
                    continue
                frame({"event": {"data": {open_fds[fd]: base64.b64encode(data).decode()}}})
            if not ready and popen.poll() is not None:
                # Output held open by a background child must not keep the stream alive for ever.
                exited_at = exited_at or time.time()
                if time.time() - exited_at > 0.3:
                    break

    # ---- filesystem.Filesystem ------------------------------------------------------------

    def existing(self, sandbox, path):
        host = sandbox.host_path(path)
        if not os.path.lexists(host):
            raise ConnectError("not_found", "path '%s' does not exist" % path)
        return host

    def list_dir(self, sandbox, request):
        host = self.existing(sandbox, request.get("path"))
        if not os.path.isdir(host):
            raise ConnectError("invalid_argument", "path '%s' is not a directory" % request.get("path"))
        depth = max(1, int(request.get("depth") or 1))
        entries = []

        def walk(directory, level):
            for name in sorted(os.listdir(directory)):
                child = os.path.join(directory, name)
                if directory == sandbox.root and name == ".rootfs":
                    continue
                entries.append(entry_info(sandbox, child))
                if level < depth and os.path.isdir(child) and not os.path.islink(child):
                    walk(child, level + 1)

        walk(host, 1)
        return {"entries": entries}

    def stat(self, sandbox, request):
        return {"entry": entry_info(sandbox, self.existing(sandbox, request.get("path")))}

    def make_dir(self, sandbox, request):
        host = sandbox.host_path(request.get("path"))
        if os.path.isdir(host):
            raise ConnectError("already_exists", "directory '%s' already exists" % request.get("path"))
        os.makedirs(host, exist_ok=True)
        return {"entry": entry_info(sandbox, host)}

    def remove(self, sandbox, request):
        host = self.existing(sandbox, request.get("path"))
        if os.path.isdir(host) and not os.path.islink(host):
            shutil.rmtree(host)
        else:
            os.remove(host)
        return {}

    def move(self, sandbox, request):
        source = self.existing(sandbox, request.get("source"))
        destination = sandbox.host_path(request.get("destination"))
        os.makedirs(os.path.dirname(destination), exist_ok=True)
        os.rename(source, destination)
        return {"entry": entry_info(sandbox, destination)}

    # ---- /files ---------------------------------------------------------------------------

    def files(self, method, sandbox, query, body):
        path = query.get("path", [""])[0]
        if not path:
            return self.api_error(400, "path is required")
        host = sandbox.host_path(path)
        if method == "GET":
            if not os.path.exists(host):
                return self.api_error(404, "file '%s' not found" % path)
            if os.path.isdir(host):
                return self.api_error(400, "path '%s' is a directory" % path)
            with open(host, "rb") as handle:
                return self.reply(200, handle.read(), "application/octet-stream")
        if method != "POST":
            return self.api_error(405, "method not allowed")
        content_type = self.headers.get("Content-Type", "")
        if content_type.startswith("multipart/form-data"):
            data = multipart_file(content_type, body)
            if data is None:
                return self.api_error(400, "multipart body without a 'file' field")
        elif content_type.startswith("application/octet-stream"):
            data = body
        else:
            return self.api_error(400, "unsupported content type %r" % content_type)
        if os.path.isdir(host):
            return self.api_error(400, "path '%s' is a directory" % path)
        os.makedirs(os.path.dirname(host), exist_ok=True)
        with open(host, "wb") as handle:
            handle.write(data)
        return self.reply(200, [{"path": sandbox.sandbox_path(host), "name": os.path.basename(host), "type": "file"}])


def multipart_file(content_type, body):
    boundary = None
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key == "boundary":
            boundary = value.strip('"')
    if not boundary:
        return None
    for part in body.split(b"--" + boundary.encode()):
        head, sep, content = part.partition(b"\r\n\r\n")
        if not sep or b'name="file"' not in head:
            continue
        return content[:-2] if content.endswith(b"\r\n") else content
    return None


def main():
    global API_KEY
    # A parent that spawned us from a thread with signals blocked (Foundation's Process does)
    # would leave SIGTERM blocked here and in every process we start.
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    args = sys.argv[1:]
    if "--api-key" in args:
        API_KEY = args[args.index("--api-key") + 1]
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True

    def shutdown(*_):
        for sandbox in WORLD.all():
            sandbox.kill()
            shutil.rmtree(sandbox.root, True)
        os._exit(0)

    signal.signal(signal.SIGTERM, shutdown)
    signal.signal(signal.SIGINT, shutdown)
    threading.Thread(target=WORLD.reap, daemon=True).start()
    if "--exit-on-stdin-eof" in args:
        # The test that started us is gone when its end of our stdin closes.
        def watch():
            while sys.stdin.buffer.read(4096):
                pass
            shutdown()
        threading.Thread(target=watch, daemon=True).start()
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
