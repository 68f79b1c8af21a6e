#!/usr/bin/env python3
"""A fake SSM Session Manager data channel for rclaude's tests (Python 3 stdlib only).

It plays the service + SSM agent side of an ECS Exec shell session, following
session-manager-plugin's protocol (see docs in PROTOCOLS.md section 6.3):

  * WebSocket server (RFC 6455, handshake and framing by hand) on 127.0.0.1, port 0;
    the port is printed on stdout as the first line. Optional TLS (--tls-cert/--tls-key).
  * The first frame must be a TEXT frame with the open-data-channel JSON; its TokenValue must
    equal --token (otherwise: WebSocket close 1008 "invalid token").
  * Handshake: output_stream_data #0 HandshakeRequest (SessionType Standard_Stream), expects the
    client's HandshakeResponse (input #0), then output #1 HandshakeComplete.
  * A real shell under a PTY (pty.fork); its output becomes output_stream_data messages
    (payload type 1) with sequence numbers and SHA-256 digests, at most --chunk bytes each.
  * Input: keystrokes (type 1) are written to the PTY, sizes (type 3) applied with TIOCSWINSZ,
    every input message is acknowledged, duplicates are acknowledged and ignored, early ones
    are buffered. Output not acknowledged within --rto-ms is retransmitted.
  * When the shell exits the server waits for the client to acknowledge all output, sends
    channel_closed, and closes the WebSocket.

Fault modes (--mode a,b,...):
  drop        the first keystroke-output message is not sent the first time (retransmission
              must deliver it)
  duplicate   every output message is sent twice
  reorder     output messages go out in swapped pairs
  noack       the client's first keystroke message is not acknowledged the first time (the
              client must retransmit it; the duplicate is acknowledged and not re-applied)
  baddigest   the first output message carrying shell output goes out with a corrupted digest
              (the client must drop it unacknowledged; the retransmission is good)
  pause       pause_publication right after the token, start_publication 0.6 s later; input
              received in between is counted as a violation
  nohandshake no handshake: the shell's output starts at #0 (an old agent)
  kms         the handshake also requests KMSEncryption; a client that declines gets
              channel_closed with a reason
  abort       the TCP connection is cut (no close frame) right after the handshake
  silent      no client input is ever acknowledged

At the end of each session a JSON summary is written to --stats (if given).
"""

import argparse
import base64
import fcntl
import hashlib
import json
import os
import pty
import select
import signal
import socket
import socketserver
import ssl
import struct
import sys
import termios
import threading
import time
import uuid

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
HEADER_LENGTH = 116


# ---------------------------------------------------------------------------------------------
# ClientMessage codec


def encode_message(message_type, seq, payload_type, payload, flags=0, msg_id=None, corrupt_digest=False):
    msg_id = msg_id or uuid.uuid4()
    digest = bytearray(hashlib.sha256(payload).digest())
    if corrupt_digest:
        digest[0] ^= 0xFF
    out = struct.pack(">I", HEADER_LENGTH)
    out += message_type.encode().ljust(32, b" ")
    out += struct.pack(">I", 1)
    out += struct.pack(">Q", int(time.time() * 1000))
    out += struct.pack(">q", seq)
    out += struct.pack(">Q", flags)
    out += msg_id.bytes[8:] + msg_id.bytes[:8]
    out += bytes(digest)
    out += struct.pack(">I", payload_type)
    out += struct.pack(">I", len(payload))
    out += payload
    return out, msg_id


def decode_message(data):
    if len(data) < 120:
        raise ValueError("truncated")
    header_length = struct.unpack(">I", data[0:4])[0]
    message_type = data[4:36].replace(b"\x00", b"").decode().strip()
    created = struct.unpack(">Q", data[40:48])[0]
    seq = struct.unpack(">q", data[48:56])[0]
    flags = struct.unpack(">Q", data[56:64])[0]
    wire_id = data[64:80]
    msg_id = uuid.UUID(bytes=wire_id[8:] + wire_id[:8])
    digest = data[80:112]
    payload_type = struct.unpack(">I", data[112:116])[0]
    payload_length = struct.unpack(">I", data[116:120])[0]
    payload = data[header_length + 4:]
    if len(payload) != payload_length:
        raise ValueError("payload length mismatch")
    if payload_length and hashlib.sha256(payload).digest() != digest:
        raise ValueError("bad digest")
    if created == 0:
        raise ValueError("no created date")
    return {
        "type": message_type,
        "seq": seq,
        "flags": flags,
        "id": msg_id,
        "payload_type": payload_type,
        "payload": payload,
    }


# ---------------------------------------------------------------------------------------------
# WebSocket (server side)


class WebSocket:
    def __init__(self, sock):
        self.sock = sock
        self.write_lock = threading.Lock()
        self.buffer = b""

    def _read_exact(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("peer closed")
            self.buffer += chunk
        out, self.buffer = self.buffer[:n], self.buffer[n:]
        return out

    def handshake(self):
        while b"\r\n\r\n" not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed during handshake")
            self.buffer += chunk
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        headers = {}
        for line in lines[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                headers[name.strip().lower()] = value.strip()
        key = headers.get("sec-websocket-key", "")
        accept = base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()
        self.request_line = lines[0]
        self.headers = headers
        response = (
            "HTTP/1.1 101 Switching Protocols\r\n"
            "Upgrade: websocket\r\n"
            "Connection: Upgrade\r\n"
            f"Sec-WebSocket-Accept: {accept}\r\n\r\n"
        )
        self.sock.sendall(response.encode())

    def receive(self):
        """Returns (opcode, payload) of the next data or close message; answers pings."""
        message_opcode, parts = None, []
        while True:
            b1, b2 = self._read_exact(2)
            fin, opcode = b1 & 0x80, b1 & 0x0F
            masked, length = b2 & 0x80, b2 & 0x7F
            if length == 126:
                length = struct.unpack(">H", self._read_exact(2))[0]
            elif length == 127:
                length = struct.unpack(">Q", self._read_exact(8))[0]
            mask = self._read_exact(4) if masked else b"\0\0\0\0"
            if not masked:
                raise ConnectionError("client frame not masked")
            payload = bytes(b ^ mask[i % 4] for i, b in enumerate(self._read_exact(length)))
            if opcode == 0x9:
                self.send(0xA, payload)
                continue
            if opcode == 0xA:
                continue
            if opcode == 0x8:
                return opcode, payload
            if opcode != 0:
                message_opcode = opcode
            parts.append(payload)
            if fin:
                return message_opcode, b"".join(parts)

    def send(self, opcode, payload):
        header = bytes([0x80 | opcode])
        n = len(payload)
        if n < 126:
            header += bytes([n])
        elif n < 65536:
            header += bytes([126]) + struct.pack(">H", n)
        else:
            header += bytes([127]) + struct.pack(">Q", n)
        with self.write_lock:
            self.sock.sendall(header + payload)

    def close(self, code=1000, reason=b""):
        try:
            self.send(0x8, struct.pack(">H", code) + reason)
        except OSError:
            pass


# ---------------------------------------------------------------------------------------------
# One data-channel session


class Session:
    def __init__(self, sock, args):
        self.args = args
        self.modes = set(m for m in args.mode.split(",") if m)
        self.ws = WebSocket(sock)
        self.sock = sock
        self.lock = threading.RLock()
        self.out_seq = 0
        self.unacked = {}  # seq -> [good bytes, last_sent, msg_id]
        self.expected_in = 0
        self.early_in = {}
        self.held_reorder = None
        self.done = threading.Event()
        self.closing = False
        self.master = None
        self.child = None
        self.handshake_done = False
        self.paused = False
        self.pending_keys = []
        self.first_keystroke_unacked = False
        self.first_output_dropped = False
        self.first_output_corrupted = False
        self.stats = {
            "token_ok": False,
            "client_id": None,
            "client_version": None,
            "request_target": None,
            "handshake_response": None,
            "inputs": 0,
            "input_duplicates": 0,
            "acks_received": 0,
            "ack_mismatches": 0,
            "retransmits": 0,
            "sizes": [],
            "bad_client_frames": 0,
            "inputs_while_paused": 0,
            "dropped": 0,
            "corrupted": 0,
            "output_messages": 0,
            "unacked_at_end": None,
            "keystroke_bytes": 0,
        }

    # -- sending ------------------------------------------------------------------------------

    def send_binary(self, data):
        try:
            self.ws.send(0x2, data)
        except OSError:
            self.done.set()

    def send_output(self, payload_type, payload):
        with self.lock:
            seq = self.out_seq
            self.out_seq += 1
            good, msg_id = encode_message("output_stream_data", seq, payload_type, payload)
            self.unacked[seq] = [good, time.time(), msg_id]
            self.stats["output_messages"] += 1
            is_shell_output = payload_type == 1
            if "drop" in self.modes and is_shell_output and not self.first_output_dropped:
                self.first_output_dropped = True
                self.stats["dropped"] += 1
                return
            if "baddigest" in self.modes and is_shell_output and not self.first_output_corrupted:
                self.first_output_corrupted = True
                self.stats["corrupted"] += 1
                bad, _ = encode_message(
                    "output_stream_data", seq, payload_type, payload, msg_id=msg_id, corrupt_digest=True
                )
                self.send_binary(bad)
                return
            if "reorder" in self.modes and is_shell_output:
                if self.held_reorder is None:
                    self.held_reorder = good
                    return
                held, self.held_reorder = self.held_reorder, None
                self.send_binary(good)
                self.send_binary(held)
                if "duplicate" in self.modes:
                    self.send_binary(held)
                    self.send_binary(good)
                return
            self.send_binary(good)
            if "duplicate" in self.modes:
                self.send_binary(good)

    def send_control(self, message_type, payload=b""):
        data, _ = encode_message(message_type, 0, 0, payload)
        self.send_binary(data)

    def acknowledge(self, message):
        content = {
            "AcknowledgedMessageType": message["type"],
            "AcknowledgedMessageId": str(message["id"]),
            "AcknowledgedMessageSequenceNumber": message["seq"],
            "IsSequentialMessage": True,
        }
        data, _ = encode_message("acknowledge", 0, 0, json.dumps(content).encode(), flags=3)
        self.send_binary(data)

    def retransmitter(self):
        rto = self.args.rto_ms / 1000.0
        while not self.done.is_set():
            time.sleep(0.05)
            with self.lock:
                now = time.time()
                for seq in sorted(self.unacked):
                    entry = self.unacked[seq]
                    if now - entry[1] > rto:
                        entry[1] = now
                        self.stats["retransmits"] += 1
                        if self.held_reorder is entry[0]:
                            self.held_reorder = None
                        self.send_binary(entry[0])

    # -- the shell ----------------------------------------------------------------------------

    def start_shell(self):
        pid, master = pty.fork()
        if pid == 0:
            env = {
                "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
                "HOME": os.environ.get("TMPDIR", "/tmp"),
                "TERM": "dumb",
                "PS1": "$ ",
            }
            try:
                os.execve(self.args.shell, [self.args.shell], env)
            finally:
                os._exit(127)
        self.child, self.master = pid, master
        for keys in self.pending_keys:
            os.write(master, keys)
        self.pending_keys = []
        threading.Thread(target=self.pump_shell_output, daemon=True).start()

    def pump_shell_output(self):
        chunk = max(1, self.args.chunk)
        while True:
            try:
                ready, _, _ = select.select([self.master], [], [], 0.5)
                if self.done.is_set():
                    return
                if not ready:
                    continue
                data = os.read(self.master, 4096)
            except OSError:
                data = b""
            if not data:
                break
            for i in range(0, len(data), chunk):
                self.send_output(1, data[i:i + chunk])
        self.finish_session()

    def finish_session(self):
        """The shell exited: wait for all output to be acknowledged, then channel_closed."""
        with self.lock:
            if self.closing:
                return
            self.closing = True
        if self.held_reorder is not None:
            with self.lock:
                held, self.held_reorder = self.held_reorder, None
            self.send_binary(held)
        deadline = time.time() + 10
        while time.time() < deadline and not self.done.is_set():
            with self.lock:
                if not self.unacked:
                    break
            time.sleep(0.05)
        closed = {
            "MessageId": str(uuid.uuid4()),
            "CreatedDate": str(int(time.time() * 1000)),
            "DestinationId": "fake-target",
            "SessionId": "fake-session",
            "MessageType": "channel_closed",
            "SchemaVersion": 1,
            "Output": "",
        }
        self.send_control("channel_closed", json.dumps(closed).encode())
        time.sleep(1.0)  # let a slow client read channel_closed before the close frame
        self.ws.close(1000)
        time.sleep(0.2)
        self.done.set()
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    # -- receiving ----------------------------------------------------------------------------

    def handle_input(self, message):
        seq = message["seq"]
        if self.paused:
            self.stats["inputs_while_paused"] += 1
        if seq < self.expected_in:
            self.stats["input_duplicates"] += 1
            if "silent" not in self.modes:
                self.acknowledge(message)
            return
        if seq > self.expected_in:
            if seq in self.early_in:
                self.stats["input_duplicates"] += 1
            self.early_in[seq] = message
            if "silent" not in self.modes:
                self.acknowledge(message)
            return
        skip_ack = "silent" in self.modes
        if (
            "noack" in self.modes
            and message["payload_type"] == 1
            and not self.first_keystroke_unacked
        ):
            self.first_keystroke_unacked = True
            skip_ack = True
        if not skip_ack:
            self.acknowledge(message)
        self.apply(message)
        self.expected_in += 1
        while self.expected_in in self.early_in:
            self.apply(self.early_in.pop(self.expected_in))
            self.expected_in += 1

    def apply(self, message):
        self.stats["inputs"] += 1
        payload_type, payload = message["payload_type"], message["payload"]
        if payload_type == 6:
            response = json.loads(payload)
            self.stats["handshake_response"] = response
            actions = response.get("ProcessedClientActions") or []
            declined = [a for a in actions if a.get("ActionStatus") != 1]
            if declined:
                closed = {"MessageType": "channel_closed", "SchemaVersion": 1, "SessionId": "fake-session",
                          "Output": "KMS encryption is required for this session"}
                self.send_control("channel_closed", json.dumps(closed).encode())
                time.sleep(0.1)
                self.ws.close(1000)
                self.done.set()
                return
            complete = {"HandshakeTimeToComplete": 1000000, "CustomerMessage": ""}
            self.send_output(7, json.dumps(complete).encode())
            self.handshake_done = True
            self.after_handshake()
        elif payload_type == 1:
            self.stats["keystroke_bytes"] += len(payload)
            if self.master is None:
                self.pending_keys.append(payload)
            else:
                os.write(self.master, payload)
        elif payload_type == 3:
            size = json.loads(payload)
            rows, cols = int(size["rows"]), int(size["cols"])
            self.stats["sizes"].append([rows, cols])
            if self.master is not None:
                fcntl.ioctl(self.master, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
            else:
                self.pending_size = (rows, cols)
        elif payload_type == 10:
            flag = struct.unpack(">I", payload)[0] if len(payload) == 4 else None
            if flag == 2:
                threading.Thread(target=self.finish_session, daemon=True).start()

    def after_handshake(self):
        if "abort" in self.modes:
            time.sleep(0.1)
            self.done.set()
            self.sock.shutdown(socket.SHUT_RDWR)
            self.sock.close()
            return
        self.start_shell()
        pending = getattr(self, "pending_size", None)
        if pending:
            fcntl.ioctl(self.master, termios.TIOCSWINSZ, struct.pack("HHHH", pending[0], pending[1], 0, 0))

    def run(self):
        try:
            self.ws.handshake()
            self.stats["request_target"] = self.ws.request_line.split(" ")[1]
            opcode, payload = self.ws.receive()
            if opcode != 0x1:
                self.ws.close(1002, b"expected the open-data-channel text frame")
                return
            request = json.loads(payload)
            self.stats["client_id"] = request.get("ClientId")
            self.stats["client_version"] = request.get("ClientVersion")
            if (
                request.get("TokenValue") != self.args.token
                or request.get("MessageSchemaVersion") != "1.0"
                or not request.get("ClientId")
                or not request.get("RequestId")
            ):
                self.ws.close(1008, b"invalid token")
                return
            self.stats["token_ok"] = True
            threading.Thread(target=self.retransmitter, daemon=True).start()
            if "pause" in self.modes:
                self.paused = True
                self.send_control("pause_publication")
                threading.Thread(target=self.resume_later, daemon=True).start()
            if "nohandshake" in self.modes:
                self.handshake_done = True
                self.start_shell()
            else:
                actions = [{"ActionType": "SessionType",
                            "ActionParameters": {"SessionType": "Standard_Stream", "Properties": None}}]
                if "kms" in self.modes:
                    actions.append({"ActionType": "KMSEncryption", "ActionParameters": {"KMSKeyId": "alias/fake"}})
                request = {"AgentVersion": "3.3.0.0-fake", "RequestedClientActions": actions}
                self.send_output(5, json.dumps(request).encode())
            while not self.done.is_set():
                try:
                    opcode, payload = self.ws.receive()
                except (ConnectionError, OSError):
                    break
                if opcode == 0x8:
                    self.ws.close(1000)
                    break
                if opcode != 0x2:
                    continue
                try:
                    message = decode_message(payload)
                except ValueError:
                    self.stats["bad_client_frames"] += 1
                    continue
                with self.lock:
                    if message["type"] == "acknowledge":
                        content = json.loads(message["payload"])
                        seq = content.get("AcknowledgedMessageSequenceNumber")
                        entry = self.unacked.pop(seq, None)
                        if entry is not None:
                            self.stats["acks_received"] += 1
                            if (
                                content.get("AcknowledgedMessageId") != str(entry[2])
                                or content.get("AcknowledgedMessageType") != "output_stream_data"
                                or message["flags"] != 3
                            ):
                                self.stats["ack_mismatches"] += 1
                    elif message["type"] == "input_stream_data":
                        self.handle_input(message)
        except (ConnectionError, OSError, ValueError):
            pass
        finally:
            self.done.set()
            if self.child:
                try:
                    os.kill(self.child, signal.SIGKILL)
                    os.waitpid(self.child, 0)
                except OSError:
                    pass
            with self.lock:
                self.stats["unacked_at_end"] = len(self.unacked)
            self.write_stats()

    def resume_later(self):
        time.sleep(0.6)
        with self.lock:
            self.paused = False
        self.send_control("start_publication")

    def write_stats(self):
        if not self.args.stats:
            return
        tmp = self.args.stats + ".tmp"
        with open(tmp, "w") as f:
            json.dump(self.stats, f)
        os.replace(tmp, self.args.stats)


class Handler(socketserver.BaseRequestHandler):
    def handle(self):
        sock = self.request
        if self.server.tls_context is not None:
            try:
                sock = self.server.tls_context.wrap_socket(sock, server_side=True)
            except (ssl.SSLError, OSError):
                return
        Session(sock, self.server.args).run()


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--token", required=True)
    parser.add_argument("--mode", default="")
    parser.add_argument("--chunk", type=int, default=1024)
    parser.add_argument("--rto-ms", type=int, default=300)
    parser.add_argument("--shell", default="/bin/sh")
    parser.add_argument("--stats")
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    args = parser.parse_args()
    server = Server(("127.0.0.1", 0), Handler)
    server.args = args
    server.tls_context = None
    if args.tls_cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        server.tls_context = context
    print(server.server_address[1], flush=True)
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    server.serve_forever()


if __name__ == "__main__":
    main()
