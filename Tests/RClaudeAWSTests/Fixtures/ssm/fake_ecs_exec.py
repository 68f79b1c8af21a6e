#!/usr/bin/env python3
"""A stand-in for ECS's ExecuteCommand (AWS JSON 1.1) that hands out a data-channel URL and token.

    python3 fake_ecs_exec.py STREAM_URL TOKEN

Answers every POST whose X-Amz-Target ends in ExecuteCommand with the session (other targets get
400 UnknownOperationException), records the request bodies it saw in its stats on stderr, and
prints its port on stdout once listening on 127.0.0.1. Signatures are not checked (moto does that
elsewhere); stdin closing (the test process gone) stops it.
"""

import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STREAM_URL, TOKEN = sys.argv[1], sys.argv[2]


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(length) or b"{}")
        target = self.headers.get("X-Amz-Target", "")
        if not target.endswith(".ExecuteCommand"):
            self.reply(400, {"__type": "UnknownOperationException", "message": target})
            return
        task = body.get("task", "")
        self.reply(200, {
            "clusterArn": "arn:aws:ecs:us-east-1:123456789012:cluster/" + body.get("cluster", "default"),
            "containerName": body.get("container") or "rclaude", "interactive": True,
            "taskArn": task,
            "session": {"sessionId": "ecs-execute-command-0123", "streamUrl": STREAM_URL, "tokenValue": TOKEN},
        })
        print("ExecuteCommand " + json.dumps(body, sort_keys=True), file=sys.stderr, flush=True)

    def reply(self, status, payload):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    threading.Thread(target=lambda: (sys.stdin.read(), server.shutdown()), daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
