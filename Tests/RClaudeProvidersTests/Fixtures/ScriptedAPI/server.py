#!/usr/bin/env python3
"""Scripted Anthropic Messages API server for driving the real Claude Code CLI offline.

Usage:
    python3 server.py --scenario FILE.json [--log REQUESTS.jsonl]

Binds 127.0.0.1 on an ephemeral port (port 0) and prints exactly ``PORT <n>`` as
the first line on stdout (flushed). Serves until SIGTERM/SIGINT, then exits 0.
Standard library only.

Endpoints
---------
POST /v1/messages               Messages API. Streaming SSE when the body has
                                "stream": true, else one JSON message.
POST /v1/messages/count_tokens  {"input_tokens": <estimate>}
GET  /v1/models[/<id>]          a small static model list / model object
HEAD or GET anything else       200 with an empty JSON object (probes never hang)
POST anything else              404 with an Anthropic-style not_found_error body

Which reply a request gets (the rule)
-------------------------------------
1. A /v1/messages request is a SIDE request when any of these hold:
     - it carries no tools (the CLI's agent loop always sends its tool list;
       title, summary, topic and classifier calls send none),
     - its max_tokens is 1 (quota / model probes),
     - its last user message carries a known side-task marker (prompt
       suggestion "[SUGGESTION MODE:", conversation compaction "Your task is
       to create a detailed summary of the conversation"); these forks reuse
       the main tool list, so the marker is what tells them apart.
   A side request gets the scenario's "side_reply" text (default "OK") as a
   plain end_turn message. It never consumes or inspects scenario turns.
   Scenario key "side_detection": "none" treats every request as main (use
   it for runs with no tools at all, e.g. --tools "").
2. Otherwise it is a MAIN request. Its turn index is the number of messages
   with role "assistant" already in the request's "messages" array. The reply
   is scenario["turns"][index]. The index is a pure function of the request,
   so a retried request gets the same reply, and a resumed session (whose
   request replays the earlier history) continues where it left off.
3. When the index is past the last turn: if "repeat_last" is true the last turn
   is replayed (e.g. a model that calls tools forever); otherwise the
   scenario's "exhausted_reply" text (default "Done.") is sent.

Every response carries a fresh, unique message id ("msg_scripted_<n>_<hex>")
and every tool_use block a fresh id ("toolu_scripted_<n>_<hex>"): the CLI merges
stream lines that share a message id, so ids must never repeat.

Log format (--log): one JSON object per request, appended and flushed:
    {"seq", "time", "method", "path", "headers" (authorization / x-api-key /
     cookie removed), "body" (parsed JSON, or a string if not JSON), "kind"
     ("main" | "side" | "count_tokens" | "probe" | "unknown"), "turn" (main
     requests only), "status" (HTTP status sent)}

The scenario file format is described in README.md beside this file.
"""

import argparse
import json
import os
import signal
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

REDACTED_HEADERS = {"authorization", "x-api-key", "cookie", "proxy-authorization"}
DEFAULT_MODEL = "claude-sonnet-4-5"


class State:
    def __init__(self, scenario, log_path):
        self.scenario = scenario
        self.log_path = log_path
        self.lock = threading.Lock()
        self.seq = 0
        self.id_counter = 0
        self.log_file = open(log_path, "a", encoding="utf-8") if log_path else None

    def next_seq(self):
        with self.lock:
            self.seq += 1
            return self.seq

    def new_id(self, prefix):
        with self.lock:
            self.id_counter += 1
            n = self.id_counter
        return "%s_scripted_%04d_%s" % (prefix, n, uuid.uuid4().hex[:12])

    def log(self, record):
        if self.log_file is None:
            return
        line = json.dumps(record, ensure_ascii=False, sort_keys=False)
        with self.lock:
            self.log_file.write(line + "\n")
            self.log_file.flush()


STATE = None  # set in main()


# ---------------------------------------------------------------- helpers

def system_text(body):
    system = body.get("system")
    if isinstance(system, str):
        return system
    if isinstance(system, list):
        parts = []
        for block in system:
            if isinstance(block, dict) and isinstance(block.get("text"), str):
                parts.append(block["text"])
        return "\n".join(parts)
    return ""


SIDE_MARKERS = (
    "[SUGGESTION MODE:",
    "Your task is to create a detailed summary of the conversation",
)


def last_user_text(body):
    msgs = body.get("messages")
    if not isinstance(msgs, list):
        return ""
    for m in reversed(msgs):
        if isinstance(m, dict) and m.get("role") == "user":
            c = m.get("content")
            if isinstance(c, str):
                return c
            if isinstance(c, list):
                return "\n".join(b.get("text", "") for b in c
                                 if isinstance(b, dict) and b.get("type") == "text")
            return ""
    return ""


def is_side_request(body, scenario):
    if scenario.get("side_detection") == "none":
        return False
    if not body.get("tools"):
        return True
    if body.get("max_tokens") == 1:
        return True
    text = last_user_text(body)
    if any(marker in text for marker in SIDE_MARKERS):
        return True
    return False


def assistant_turns(body):
    msgs = body.get("messages")
    if not isinstance(msgs, list):
        return 0
    return sum(1 for m in msgs if isinstance(m, dict) and m.get("role") == "assistant")


def estimate_tokens(obj):
    try:
        n = len(json.dumps(obj.get("messages", []))) + len(system_text(obj))
    except Exception:
        n = 0
    return max(1, n // 4)


def text_turn(text):
    return {"content": [{"type": "text", "text": text}], "stop_reason": "end_turn"}


def choose_turn(body, scenario):
    """Return (kind, turn_index_or_None, turn_dict)."""
    if is_side_request(body, scenario):
        return "side", None, text_turn(scenario.get("side_reply", "OK"))
    turns = scenario.get("turns", [])
    idx = assistant_turns(body)
    if idx < len(turns):
        return "main", idx, turns[idx]
    if scenario.get("repeat_last") and turns:
        return "main", idx, turns[-1]
    return "main", idx, text_turn(scenario.get("exhausted_reply", "Done."))


def normalise_turn(turn):
    """Fill in shorthand: {"text": s} and default stop_reason."""
    if "error" in turn:
        return turn
    if "content" in turn:
        content = turn["content"]
    elif "text" in turn:
        content = [{"type": "text", "text": turn["text"]}]
    else:
        content = []
    blocks = []
    for block in content:
        b = dict(block)
        if b.get("type") == "tool_use":
            b["id"] = STATE.new_id("toolu")
            b.setdefault("input", {})
        blocks.append(b)
    stop = turn.get("stop_reason")
    if stop is None:
        stop = "tool_use" if any(b.get("type") == "tool_use" for b in blocks) else "end_turn"
    out = dict(turn)
    out["content"] = blocks
    out["stop_reason"] = stop
    return out


def output_tokens(blocks):
    n = 0
    for b in blocks:
        if b.get("type") == "text":
            n += len(b.get("text", ""))
        elif b.get("type") == "tool_use":
            n += len(json.dumps(b.get("input", {})))
    return max(1, n // 4)


def sse_events(msg_id, model, blocks, stop_reason, in_tokens):
    out_tokens = output_tokens(blocks)
    usage_start = {
        "input_tokens": in_tokens,
        "cache_creation_input_tokens": 0,
        "cache_read_input_tokens": 0,
        "output_tokens": 1,
        "service_tier": "standard",
    }
    yield "message_start", {
        "type": "message_start",
        "message": {
            "id": msg_id, "type": "message", "role": "assistant", "model": model,
            "content": [], "stop_reason": None, "stop_sequence": None, "usage": usage_start,
        },
    }
    yield "ping", {"type": "ping"}
    for i, b in enumerate(blocks):
        t = b.get("type")
        if t == "text":
            yield "content_block_start", {"type": "content_block_start", "index": i,
                                          "content_block": {"type": "text", "text": ""}}
            text = b.get("text", "")
            step = 64
            for j in range(0, len(text), step) or [0]:
                yield "content_block_delta", {"type": "content_block_delta", "index": i,
                                              "delta": {"type": "text_delta", "text": text[j:j + step]}}
        elif t == "tool_use":
            yield "content_block_start", {"type": "content_block_start", "index": i,
                                          "content_block": {"type": "tool_use", "id": b["id"],
                                                            "name": b["name"], "input": {}}}
            js = json.dumps(b.get("input", {}), ensure_ascii=False)
            step = 48
            for j in range(0, len(js), step):
                yield "content_block_delta", {"type": "content_block_delta", "index": i,
                                              "delta": {"type": "input_json_delta",
                                                        "partial_json": js[j:j + step]}}
        elif t == "thinking":
            yield "content_block_start", {"type": "content_block_start", "index": i,
                                          "content_block": {"type": "thinking", "thinking": "",
                                                            "signature": ""}}
            yield "content_block_delta", {"type": "content_block_delta", "index": i,
                                          "delta": {"type": "thinking_delta",
                                                    "thinking": b.get("thinking", "")}}
            yield "content_block_delta", {"type": "content_block_delta", "index": i,
                                          "delta": {"type": "signature_delta",
                                                    "signature": b.get("signature", "c2lnbmF0dXJl")}}
        else:
            continue
        yield "content_block_stop", {"type": "content_block_stop", "index": i}
    yield "message_delta", {
        "type": "message_delta",
        "delta": {"stop_reason": stop_reason, "stop_sequence": None},
        "usage": {"input_tokens": in_tokens, "cache_creation_input_tokens": 0,
                  "cache_read_input_tokens": 0, "output_tokens": out_tokens},
    }
    yield "message_stop", {"type": "message_stop"}


def full_message(msg_id, model, blocks, stop_reason, in_tokens):
    content = []
    for b in blocks:
        if b.get("type") == "text":
            content.append({"type": "text", "text": b.get("text", "")})
        elif b.get("type") == "tool_use":
            content.append({"type": "tool_use", "id": b["id"], "name": b["name"],
                            "input": b.get("input", {})})
        elif b.get("type") == "thinking":
            content.append({"type": "thinking", "thinking": b.get("thinking", ""),
                            "signature": b.get("signature", "c2lnbmF0dXJl")})
    return {
        "id": msg_id, "type": "message", "role": "assistant", "model": model,
        "content": content, "stop_reason": stop_reason, "stop_sequence": None,
        "usage": {"input_tokens": in_tokens, "cache_creation_input_tokens": 0,
                  "cache_read_input_tokens": 0, "output_tokens": output_tokens(blocks),
                  "service_tier": "standard"},
    }


# ---------------------------------------------------------------- handler

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "scripted-messages-api/1"
    sys_version = ""

    def log_message(self, fmt, *args):  # keep stderr quiet
        pass

    # -- plumbing
    def _read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length > 0 else b""
        if not raw and (self.headers.get("Transfer-Encoding") or "").lower() == "chunked":
            raw = self._read_chunked()
        return raw

    def _read_chunked(self):
        data = b""
        while True:
            line = self.rfile.readline()
            size = int(line.strip().split(b";")[0] or b"0", 16)
            if size == 0:
                self.rfile.readline()
                break
            data += self.rfile.read(size)
            self.rfile.readline()
        return data

    def _headers_for_log(self):
        return {k.lower(): v for k, v in self.headers.items() if k.lower() not in REDACTED_HEADERS}

    def _record(self, body, kind, status, turn=None):
        rec = {
            "seq": STATE.next_seq(),
            "time": round(time.time(), 3),
            "method": self.command,
            "path": self.path,
            "headers": self._headers_for_log(),
            "body": body,
            "kind": kind,
            "status": status,
        }
        if turn is not None:
            rec["turn"] = turn
        STATE.log(rec)

    def _send_json(self, status, obj, extra_headers=None):
        data = json.dumps(obj).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("request-id", STATE.new_id("req"))
        for k, v in (extra_headers or {}).items():
            self.send_header(k, str(v))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        self.wfile.flush()

    # -- verbs
    def do_HEAD(self):
        self._record(None, "probe", 200)
        self._send_json(200, {})

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if path.rstrip("/") == "/v1/models":
            status, obj = 200, {"data": [{"type": "model", "id": DEFAULT_MODEL,
                                          "display_name": "Claude Sonnet 4.5",
                                          "created_at": "2025-09-29T00:00:00Z"}],
                                "has_more": False, "first_id": DEFAULT_MODEL,
                                "last_id": DEFAULT_MODEL}
        elif path.startswith("/v1/models/"):
            mid = path[len("/v1/models/"):]
            status, obj = 200, {"type": "model", "id": mid, "display_name": mid,
                                "created_at": "2025-09-29T00:00:00Z"}
        else:
            status, obj = 200, {}
        self._record(None, "probe", status)
        self._send_json(status, obj)

    def do_POST(self):
        raw = self._read_body()
        try:
            body = json.loads(raw.decode("utf-8")) if raw else {}
        except Exception:
            body = raw.decode("utf-8", "replace")
        path = self.path.split("?", 1)[0]
        if path == "/v1/messages/count_tokens":
            n = estimate_tokens(body) if isinstance(body, dict) else 1
            self._record(body, "count_tokens", 200)
            self._send_json(200, {"input_tokens": n})
            return
        if path != "/v1/messages" or not isinstance(body, dict):
            self._record(body, "unknown", 404)
            self._send_json(404, {"type": "error", "error": {
                "type": "not_found_error", "message": "Not found: %s" % path}})
            return
        self._messages(body)

    # -- the Messages API
    def _messages(self, body):
        scenario = STATE.scenario
        kind, idx, turn = choose_turn(body, scenario)
        turn = normalise_turn(turn)
        delay = float(turn.get("delay_ms", 0)) / 1000.0
        if delay > 0:
            time.sleep(delay)

        if "error" in turn:
            err = turn["error"]
            status = int(err.get("status", 500))
            payload = {"type": "error", "error": {"type": err.get("type", "api_error"),
                                                  "message": err.get("message", "error")}}
            self._record(body, kind, status, idx)
            self._send_json(status, payload, err.get("headers"))
            return

        model = body.get("model") or DEFAULT_MODEL
        msg_id = STATE.new_id("msg")
        in_tokens = estimate_tokens(body)
        blocks, stop = turn["content"], turn["stop_reason"]
        self._record(body, kind, 200, idx)

        if not body.get("stream"):
            self._send_json(200, full_message(msg_id, model, blocks, stop, in_tokens))
            return

        chunk_delay = float(turn.get("chunk_delay_ms", 0)) / 1000.0
        events = list(sse_events(msg_id, model, blocks, stop, in_tokens))
        frames = [("event: %s\ndata: %s\n\n" % (name, json.dumps(data, ensure_ascii=False))).encode("utf-8")
                  for name, data in events]
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("request-id", STATE.new_id("req"))
        if chunk_delay <= 0:
            data = b"".join(frames)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            self.wfile.flush()
            return
        # paced stream: chunked transfer encoding, one SSE event per chunk
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        try:
            for frame in frames:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(frame), frame))
                self.wfile.flush()
                time.sleep(chunk_delay)
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        # A client that goes away mid-response (a cancelled run) is normal here.
        exc = sys.exc_info()[1]
        if isinstance(exc, (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError)):
            return
        super().handle_error(request, client_address)


def main():
    global STATE
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scenario", required=True, help="scenario JSON file")
    ap.add_argument("--log", help="append one JSON line per request to this file")
    args = ap.parse_args()

    with open(args.scenario, encoding="utf-8") as f:
        scenario = json.load(f)
    STATE = State(scenario, args.log)

    httpd = Server(("127.0.0.1", 0), Handler)
    port = httpd.server_address[1]
    sys.stdout.write("PORT %d\n" % port)
    sys.stdout.flush()

    stop = threading.Event()

    def on_signal(signum, frame):
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    t = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    t.start()
    while not stop.is_set():
        stop.wait(0.5)
    httpd.shutdown()
    httpd.server_close()
    if STATE.log_file:
        STATE.log_file.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
