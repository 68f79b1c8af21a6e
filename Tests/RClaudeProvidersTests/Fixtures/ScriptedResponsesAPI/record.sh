#!/usr/bin/env bash
# Runs the real Codex CLI (`codex exec --json`) against the scripted Responses API (server.py)
# for every scenario in this folder, checks the outcome, and writes each run's stdout as a
# decoder fixture with machine paths rewritten (workspace -> /sandbox/work).
#
#   ./record.sh OUTDIR          record into OUTDIR (e.g. Tests/RClaudeCoreTests/Fixtures/codex)
#
# Environment:
#   RCLAUDE_CODEX_BIN   the codex binary (default: the one in the installed Python package
#                       openai-codex-cli-bin, codex_cli_bin/bin/codex)
#   KEEP=1              keep the temporary directory (path printed at the end)
#
# Prints one line per scenario and exits 0 when every check passed.

set -u
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PY="${PYTHON:-python3}"
OUT="${1:?usage: record.sh OUTDIR}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"

CODEX="${RCLAUDE_CODEX_BIN:-}"
if [ -z "$CODEX" ]; then
  CODEX="$("$PY" -c 'import codex_cli_bin; print(codex_cli_bin.bundled_codex_path())' 2>/dev/null || true)"
fi
if [ -z "$CODEX" ] || [ ! -x "$CODEX" ]; then
  echo "codex binary not found: set RCLAUDE_CODEX_BIN or pip install openai-codex-cli-bin" >&2
  exit 2
fi
VERSION="$("$CODEX" --version | awk '{print $2}')"
ROOT="$(mktemp -d "${TMPDIR:-/tmp}/scripted-responses-record.XXXXXX")"
SERVER_PID=""
FAILED=0

cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; fi
  if [ "${KEEP:-0}" = "1" ]; then echo "kept: $ROOT"; else rm -rf "$ROOT"; fi
}
trap cleanup EXIT

# start DIR SCENARIO [request_max_retries stream_max_retries] -> PORT, SERVER_PID, DIR/codexhome/config.toml
start() {
  local dir="$1" scenario="$2"
  mkdir -p "$dir/home" "$dir/ws" "$dir/codexhome"
  "$PY" "$HERE/server.py" --scenario "$HERE/$scenario" --log "$dir/requests.jsonl" >"$dir/server.out" 2>"$dir/server.err" &
  SERVER_PID=$!
  PORT=""
  for _ in $(seq 1 100); do
    PORT="$(awk '/^PORT /{print $2; exit}' "$dir/server.out" 2>/dev/null)"
    [ -n "$PORT" ] && break
    sleep 0.05
  done
  cat >"$dir/codexhome/config.toml" <<EOF
model = "gpt-5.5"
model_provider = "scripted"

[model_providers.scripted]
name = "scripted"
base_url = "http://127.0.0.1:$PORT/v1"
env_key = "SCRIPTED_API_KEY"
wire_api = "responses"
supports_websockets = false
request_max_retries = ${3:-0}
stream_max_retries = ${4:-0}
EOF
}

stop() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; SERVER_PID=""; fi
}

# run DIR OUTFILE codex-args...  -> RC
run() {
  local dir="$1" out="$2"; shift 2
  (cd "$dir/ws" && env -i PATH="/usr/local/bin:/usr/bin:/bin" HOME="$dir/home" CODEX_HOME="$dir/codexhome" \
      LANG=C.UTF-8 SCRIPTED_API_KEY=sk-test-scripted timeout 120 "$CODEX" "$@" >"$out" 2>"$out.stderr" </dev/null)
  RC=$?
}

# save DIR OUTFILE NAME: rewrite the workspace path, copy into OUT
save() {
  sed -e "s#$1/ws#/sandbox/work#g" "$2" >"$OUT/codex-$VERSION-mockapi-$3.jsonl"
}

# check NAME OUTFILE RC WORKSPACE PYTHON-EXPRESSION (over lines, types, items, rc, file(name))
check() {
  local name="$1" out="$2" rc="$3" ws="$4" expr="$5"
  if "$PY" - "$name" "$out" "$rc" "$ws" "$expr" <<'PY'
import json, os, sys
name, out, rc, ws, expr = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
lines = [json.loads(l) for l in open(out, encoding="utf-8") if l.strip()]
types = [l["type"] for l in lines]
items = [l["item"] for l in lines if l["type"] == "item.completed"]
def file(name):
    p = os.path.join(ws, name)
    return open(p).read() if os.path.exists(p) else None
ok = eval(expr)
print("PASS" if ok else "FAIL", name, "rc=%d types=%s" % (rc, ",".join(types)))
sys.exit(0 if ok else 1)
PY
  then :; else FAILED=$((FAILED + 1)); fi
}

EXEC=(exec --json --skip-git-repo-check)

d="$ROOT/simple"; start "$d" simple.json; run "$d" "$d/out.jsonl" "${EXEC[@]}" "Say hello"; stop
check simple "$d/out.jsonl" $RC "$d/ws" 'rc == 0 and items[-1]["text"] == "Hello from the scripted Responses API." and types[-1] == "turn.completed"'
save "$d" "$d/out.jsonl" simple

d="$ROOT/tools"; start "$d" tools.json
run "$d" "$d/out.jsonl" "${EXEC[@]}" --sandbox workspace-write "Create hello.txt, edit it, run a failing command"; stop
check tools "$d/out.jsonl" $RC "$d/ws" 'rc == 0 and file("hello.txt") == "hello edited world\n" and [i["type"] for i in items] == ["reasoning", "command_execution", "agent_message", "file_change", "command_execution", "web_search", "agent_message"] and items[4]["exit_code"] == 3'
save "$d" "$d/out.jsonl" tools-workspace-write

d="$ROOT/unknown-model"; start "$d" simple.json; run "$d" "$d/out.jsonl" "${EXEC[@]}" -m gpt-5-codex "Say hello"; stop
check unknown-model "$d/out.jsonl" $RC "$d/ws" 'rc == 0 and items[0]["type"] == "error"'
save "$d" "$d/out.jsonl" unknown-model-warning

d="$ROOT/api-400"; start "$d" api_400.json; run "$d" "$d/out.jsonl" "${EXEC[@]}" "Hello"; stop
check api-400 "$d/out.jsonl" $RC "$d/ws" 'rc == 1 and types[-2:] == ["error", "turn.failed"]'
save "$d" "$d/out.jsonl" api-error-400

d="$ROOT/api-500"; start "$d" api_500.json 2 2; run "$d" "$d/out.jsonl" "${EXEC[@]}" "Hello"; stop
check api-500 "$d/out.jsonl" $RC "$d/ws" 'rc == 1 and types.count("error") == 3 and types[-1] == "turn.failed"'
save "$d" "$d/out.jsonl" api-error-500-retries

d="$ROOT/truncated"; start "$d" truncated_stream.json; run "$d" "$d/out.jsonl" "${EXEC[@]}" "Hello"; stop
check truncated "$d/out.jsonl" $RC "$d/ws" 'rc == 1 and types[-1] == "turn.failed" and "response.completed" in lines[-1]["error"]["message"]'
save "$d" "$d/out.jsonl" stream-truncated

d="$ROOT/followup"; start "$d" followup.json
run "$d" "$d/out1.jsonl" "${EXEC[@]}" "first question"
THREAD="$("$PY" -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["thread_id"])' "$d/out1.jsonl")"
run "$d" "$d/out2.jsonl" exec --json --skip-git-repo-check resume -- "$THREAD" "second question"; stop
check followup "$d/out2.jsonl" $RC "$d/ws" "rc == 0 and lines[0]['thread_id'] == '$THREAD' and items[-1]['text'] == 'second answer'"
save "$d" "$d/out2.jsonl" resume

echo "codex $VERSION: $FAILED failed"
[ "$FAILED" -eq 0 ]
