#!/usr/bin/env python3
"""Scripted OpenAI Responses API server for driving the real Codex CLI offline.

Usage:
    python3 server.py --scenario FILE.json [--log REQUESTS.jsonl]

Binds 127.0.0.1 on an ephemeral port (port 0) and prints exactly ``PORT <n>`` as
the first line on stdout (flushed). Serves until SIGTERM/SIGINT, then exits 0.
Standard library only.

Codex reaches it through a custom model provider in $CODEX_HOME/config.toml
(Codex ignores OPENAI_BASE_URL):

    model = "gpt-5-codex"
    model_provider = "scripted"
    [model_providers.scripted]
    name = "scripted"
    base_url = "http://127.0.0.1:<port>/v1"
    env_key = "SCRIPTED_API_KEY"
    wire_api = "responses"
    supports_websockets = false

Endpoints
---------
POST /v1/responses      Responses API. Streaming SSE when the body has
                        "stream": true (Codex always streams), else one JSON
                        response object.
GET  /v1/models         a small static model list
HEAD or GET anything    200 with an empty JSON object (probes never hang)
POST anything else      404 with an OpenAI-style error body

Which reply a request gets (the rule)
-------------------------------------
1. A request is a SIDE request when it carries no tools (titles, summaries,
   memory and other helper calls). It gets the scenario's "side_reply" text
   (default "OK") and never consumes a scenario turn. Scenario key
   "side_detection": "none" treats every request as main.
2. Otherwise it is a MAIN request. Its turn index is the number of model
   turns already in the request's "input": each maximal run of model items
   (assistant "message", "function_call", "custom_tool_call",
   "local_shell_call", "reasoning") counts as one turn. The index is a pure
   function of the request, so a retried request gets the same reply and a
   resumed session (whose request replays the history) continues where it
   left off.
3. Past the last turn: "repeat_last": true replays the last turn, otherwise
   the scenario's "exhausted_reply" text (default "Done.") is sent.

The stream for one reply is: response.created, response.in_progress, then per
output item response.output_item.added, (for text: response.content_part.added,
response.output_text.delta..., response.output_text.done,
response.content_part.done; for reasoning: response.reasoning_summary_text.delta
and .done; for function calls: response.function_call_arguments.delta and
.done), response.output_item.done, and finally response.completed with usage
(or response.failed for a "fail" turn). Every response, item and call id is
fresh and unique.

Log format (--log): one JSON object per request, appended and flushed:
    {"seq", "time", "method", "path", "headers" (authorization / cookie
     removed), "body" (parsed JSON, or a string if not JSON), "kind" ("main" |
     "side" | "probe" | "unknown"), "turn" (main requests only), "status"}

The scenario file format is described in README.md beside this file.
"""

import argparse
import json
import signal
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

REDACTED_HEADERS = {"authorization", "x-api-key", "cookie", "proxy-authorization", "openai-api-key"}
DEFAULT_MODEL = "gpt-5-codex"
MODEL_ITEM_TYPES = {"function_call", "custom_tool_call", "local_shell_call", "reasoning", "web_search_call"}


class State:
    def __init__(self, scenario, log_path):
        self.scenario = scenario
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
        line = json.dumps(record, ensure_ascii=False)
        with self.lock:
            self.log_file.write(line + "\n")
            self.log_file.flush()


STATE = None  # set in main()


# ---------------------------------------------------------------- choosing a turn

def is_model_item(item):
    if not isinstance(item, dict):
        return False
    kind = item.get("type")
    if kind == "message":
        return item.get("role") == "assistant"
    return kind in MODEL_ITEM_TYPES


def model_turns(body):
    items = body.get("input")
    if not isinstance(items, list):
        return 0
    turns, in_run = 0, False
    for item in items:
        if is_model_item(item):
            if not in_run:
                turns += 1
            in_run = True
        else:
            in_run = False
    return turns


def is_side_request(body, scenario):
    if scenario.get("side_detection") == "none":
        return False
    return not body.get("tools")


def text_turn(text):
    return {"output": [{"type": "message", "text": text}]}


def choose_turn(body, scenario):
    """Return (kind, turn_index_or_None, turn_dict)."""
    if is_side_request(body, scenario):
        return "side", None, text_turn(scenario.get("side_reply", "OK"))
    turns = scenario.get("turns", [])
    idx = model_turns(body)
    if idx < len(turns):
        return "main", idx, turns[idx]
    if scenario.get("repeat_last") and turns:
        return "main", idx, turns[-1]
    return "main", idx, text_turn(scenario.get("exhausted_reply", "Done."))


def normalise_turn(turn):
    """Fill in shorthand: {"text": s}."""
    if "output" in turn or "error" in turn or "fail" in turn:
        return turn
    out = dict(turn)
    out["output"] = [{"type": "message", "text": turn.get("text", "")}]
    return out


# ---------------------------------------------------------------- building items

def tool_names(body):
    names = []
    for tool in body.get("tools") or []:
        if isinstance(tool, dict):
            names.append(tool.get("name") or tool.get("type"))
    return names


def shell_call(command, body, workdir=None):
    """A function call running `command` through whichever shell tool the request offers."""
    names = tool_names(body)
    if "exec_command" in names:
        args = {"cmd": command}
        if workdir:
            args["workdir"] = workdir
        return "exec_command", args
    if "shell_command" in names:
        args = {"command": command}
        if workdir:
            args["workdir"] = workdir
        return "shell_command", args
    args = {"command": ["bash", "-lc", command]}
    if workdir:
        args["workdir"] = workdir
    return "shell", args


def build_items(turn, body):
    """Scenario output entries -> Responses API output items."""
    items = []
    for entry in turn.get("output", []):
        kind = entry.get("type")
        if kind == "message":
            items.append({
                "type": "message", "id": STATE.new_id("msg"), "status": "completed", "role": "assistant",
                "content": [{"type": "output_text", "text": entry.get("text", ""), "annotations": []}],
            })
        elif kind == "reasoning":
            items.append({
                "type": "reasoning", "id": STATE.new_id("rs"),
                "summary": [{"type": "summary_text", "text": entry.get("text", "")}],
            })
        elif kind == "shell":
            name, args = shell_call(entry["command"], body, entry.get("workdir"))
            items.append({
                "type": "function_call", "id": STATE.new_id("fc"), "status": "completed",
                "call_id": STATE.new_id("call"), "name": name, "arguments": json.dumps(args),
            })
        elif kind == "function_call":
            items.append({
                "type": "function_call", "id": STATE.new_id("fc"), "status": "completed",
                "call_id": STATE.new_id("call"), "name": entry["name"],
                "arguments": json.dumps(entry.get("arguments", {})),
            })
        elif kind == "custom_tool_call":
            items.append({
                "type": "custom_tool_call", "id": STATE.new_id("ctc"), "status": "completed",
                "call_id": STATE.new_id("call"), "name": entry["name"], "input": entry.get("input", ""),
            })
        elif kind == "web_search":
            items.append({
                "type": "web_search_call", "id": STATE.new_id("ws"), "status": "completed",
                "action": {"type": "search", "query": entry.get("query", "")},
            })
        else:
            raise ValueError("unknown output entry type %r" % kind)
    return items


def estimate_tokens(body):
    try:
        return max(1, len(json.dumps(body.get("input", []))) // 4)
    except Exception:
        return 1


def usage_for(body, items):
    out = max(1, len(json.dumps(items)) // 4)
    inp = estimate_tokens(body)
    return {
        "input_tokens": inp, "input_tokens_details": {"cached_tokens": 0},
        "output_tokens": out, "output_tokens_details": {"reasoning_tokens": 0},
        "total_tokens": inp + out,
    }


def response_object(resp_id, model, status, output, usage=None, error=None):
    obj = {
        "id": resp_id, "object": "response", "created_at": int(time.time()), "status": status,
        "model": model, "output": output, "error": error, "incomplete_details": None,
        "parallel_tool_calls": False, "tool_choice": "auto", "tools": [],
    }
    if usage is not None:
        obj["usage"] = usage
    return obj


def sse_events(resp_id, model, items, body, fail=None):
    seq = [0]

    def ev(data):
        data["sequence_number"] = seq[0]
        seq[0] += 1
        return data["type"], data

    yield ev({"type": "response.created", "response": response_object(resp_id, model, "in_progress", [])})
    yield ev({"type": "response.in_progress", "response": response_object(resp_id, model, "in_progress", [])})
    for index, item in enumerate(items):
        kind = item["type"]
        if kind == "message":
            yield ev({"type": "response.output_item.added", "output_index": index,
                      "item": dict(item, status="in_progress", content=[])})
            text = item["content"][0]["text"]
            part = {"type": "output_text", "text": "", "annotations": []}
            yield ev({"type": "response.content_part.added", "item_id": item["id"], "output_index": index,
                      "content_index": 0, "part": part})
            step = 32
            for j in range(0, len(text), step):
                yield ev({"type": "response.output_text.delta", "item_id": item["id"], "output_index": index,
                          "content_index": 0, "delta": text[j:j + step]})
            yield ev({"type": "response.output_text.done", "item_id": item["id"], "output_index": index,
                      "content_index": 0, "text": text})
            yield ev({"type": "response.content_part.done", "item_id": item["id"], "output_index": index,
                      "content_index": 0, "part": dict(part, text=text)})
        elif kind == "reasoning":
            yield ev({"type": "response.output_item.added", "output_index": index,
                      "item": dict(item, summary=[])})
            text = item["summary"][0]["text"]
            yield ev({"type": "response.reasoning_summary_part.added", "item_id": item["id"],
                      "output_index": index, "summary_index": 0, "part": {"type": "summary_text", "text": ""}})
            yield ev({"type": "response.reasoning_summary_text.delta", "item_id": item["id"],
                      "output_index": index, "summary_index": 0, "delta": text})
            yield ev({"type": "response.reasoning_summary_text.done", "item_id": item["id"],
                      "output_index": index, "summary_index": 0, "text": text})
            yield ev({"type": "response.reasoning_summary_part.done", "item_id": item["id"],
                      "output_index": index, "summary_index": 0, "part": {"type": "summary_text", "text": text}})
        elif kind == "function_call":
            yield ev({"type": "response.output_item.added", "output_index": index,
                      "item": dict(item, status="in_progress", arguments="")})
            yield ev({"type": "response.function_call_arguments.delta", "item_id": item["id"],
                      "output_index": index, "delta": item["arguments"]})
            yield ev({"type": "response.function_call_arguments.done", "item_id": item["id"],
                      "output_index": index, "arguments": item["arguments"]})
        else:
            yield ev({"type": "response.output_item.added", "output_index": index, "item": item})
        yield ev({"type": "response.output_item.done", "output_index": index, "item": item})
    if fail is not None:
        error = {"code": fail.get("code", "server_error"), "message": fail.get("message", "scripted failure")}
        yield ev({"type": "response.failed",
                  "response": response_object(resp_id, model, "failed", items, error=error)})
        return
    yield ev({"type": "response.completed",
              "response": response_object(resp_id, model, "completed", items, usage_for(body, items))})


# ---------------------------------------------------------------- HTTP

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "ScriptedResponsesAPI/1.0"

    def log_message(self, fmt, *args):
        pass

    def _read_body(self):
        if (self.headers.get("Transfer-Encoding") or "").lower() == "chunked":
            data = b""
            while True:
                size = int(self.rfile.readline().strip().split(b";")[0], 16)
                if size == 0:
                    self.rfile.readline()
                    return data
                data += self.rfile.read(size)
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _headers_for_log(self):
        return {k.lower(): v for k, v in self.headers.items() if k.lower() not in REDACTED_HEADERS}

    def _record(self, body, kind, status, turn=None):
        rec = {"seq": STATE.next_seq(), "time": round(time.time(), 3), "method": self.command, "path": self.path,
               "headers": self._headers_for_log(), "body": body, "kind": kind, "status": status}
        if turn is not None:
            rec["turn"] = turn
        STATE.log(rec)

    def _send_json(self, status, obj, extra_headers=None):
        data = json.dumps(obj).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-request-id", STATE.new_id("req"))
        for k, v in (extra_headers or {}).items():
            self.send_header(k, str(v))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        self.wfile.flush()

    def do_HEAD(self):
        self._record(None, "probe", 200)
        self._send_json(200, {})

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if path.rstrip("/") == "/v1/models":
            obj = {"object": "list", "data": [{"id": DEFAULT_MODEL, "object": "model", "created": 1700000000,
                                               "owned_by": "scripted"}]}
        else:
            obj = {}
        self._record(None, "probe", 200)
        self._send_json(200, obj)

    def do_POST(self):
        raw = self._read_body()
        try:
            body = json.loads(raw.decode("utf-8")) if raw else {}
        except Exception:
            body = raw.decode("utf-8", "replace")
        path = self.path.split("?", 1)[0]
        if path != "/v1/responses" or not isinstance(body, dict):
            self._record(body, "unknown", 404)
            self._send_json(404, {"error": {"type": "invalid_request_error", "code": "not_found",
                                            "message": "Not found: %s" % path}})
            return
        self._responses(body)

    def _responses(self, body):
        kind, idx, turn = choose_turn(body, STATE.scenario)
        turn = normalise_turn(turn)
        delay = float(turn.get("delay_ms", 0)) / 1000.0
        if delay > 0:
            time.sleep(delay)
        if "error" in turn:
            err = turn["error"]
            status = int(err.get("status", 500))
            payload = {"error": {"type": err.get("type", "server_error"), "code": err.get("code"),
                                 "message": err.get("message", "error"), "param": None}}
            self._record(body, kind, status, idx)
            self._send_json(status, payload, err.get("headers"))
            return

        model = body.get("model") or DEFAULT_MODEL
        resp_id = STATE.new_id("resp")
        items = build_items(turn, body)
        self._record(body, kind, 200, idx)
        if not body.get("stream"):
            self._send_json(200, response_object(resp_id, model, "completed", items, usage_for(body, items)))
            return
        events = list(sse_events(resp_id, model, items, body, turn.get("fail")))
        frames = [("event: %s\ndata: %s\n\n" % (name, json.dumps(data, ensure_ascii=False))).encode("utf-8")
                  for name, data in events]
        if turn.get("truncate_stream"):
            frames = frames[:-1]
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("x-request-id", STATE.new_id("req"))
        chunk_delay = float(turn.get("chunk_delay_ms", 0)) / 1000.0
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        try:
            for frame in frames:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(frame), frame))
                self.wfile.flush()
                if chunk_delay > 0:
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
    sys.stdout.write("PORT %d\n" % httpd.server_address[1])
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
