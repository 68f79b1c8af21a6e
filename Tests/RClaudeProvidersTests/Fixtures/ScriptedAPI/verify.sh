#!/usr/bin/env bash
# Runs every scenario in this folder against the real Claude Code CLI and the
# scripted Messages API server (server.py), and checks the outcome.
#
#   ./verify.sh                 all scenarios
#   ./verify.sh simple followup only these
#
# Environment:
#   RCLAUDE_CLAUDE_BIN   path of the claude binary (default: the one bundled in
#                        the installed Python package claude_agent_sdk)
#   VERIFY_TIMEOUT       per CLI run limit in seconds (default 60)
#   VERIFY_SIMPLE_RUNS   how many timed runs of simple.json (default 5)
#   KEEP=1               keep the temporary directory (path printed at the end)
#
# Prints one line per scenario and a final "N passed, N failed" line.
# Exit status 0 when everything passed.

set -u
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PY="${PYTHON:-python3}"
TMO="${VERIFY_TIMEOUT:-60}"
SIMPLE_RUNS="${VERIFY_SIMPLE_RUNS:-5}"

CLAUDE="${RCLAUDE_CLAUDE_BIN:-}"
if [ -z "$CLAUDE" ]; then
  CLAUDE="$("$PY" -c 'import claude_agent_sdk, os; print(os.path.join(os.path.dirname(claude_agent_sdk.__file__), "_bundled", "claude"))' 2>/dev/null || true)"
fi
if [ -z "$CLAUDE" ] || [ ! -x "$CLAUDE" ]; then
  echo "claude binary not found: set RCLAUDE_CLAUDE_BIN or install claude-agent-sdk" >&2
  echo "0 passed, 1 failed"
  exit 2
fi

ROOT="$(mktemp -d "${TMPDIR:-/tmp}/scripted-api-verify.XXXXXX")"
SERVER_PID=""
PASSED=0
FAILED=0

cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; fi
  if [ "${KEEP:-0}" = "1" ]; then echo "kept: $ROOT"; else rm -rf "$ROOT"; fi
}
trap cleanup EXIT

now_ms() { local t; t="$(date +%s%N 2>/dev/null)"; case "$t" in *N*|"") "$PY" -c "import time; print(int(time.time()*1000))";; *) echo $((t / 1000000));; esac; }

# start_server SCENARIO_FILE DIR  -> sets PORT and SERVER_PID
start_server() {
  local scenario="$1" dir="$2"
  "$PY" "$HERE/server.py" --scenario "$scenario" --log "$dir/requests.jsonl" >"$dir/server.out" 2>"$dir/server.err" &
  SERVER_PID=$!
  PORT=""
  local i
  for i in $(seq 1 100); do
    PORT="$(awk '/^PORT /{print $2; exit}' "$dir/server.out" 2>/dev/null)"
    [ -n "$PORT" ] && return 0
    sleep 0.05
  done
  echo "server did not start: $(cat "$dir/server.err")" >&2
  return 1
}

stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill -TERM "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null
    SERVER_STATUS=$?
    SERVER_PID=""
  fi
}

# run_claude DIR OUTFILE [extra env assignments...] -- claude args...
run_claude() {
  local dir="$1" out="$2"; shift 2
  local envs=()
  while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do envs+=("$1"); shift; done
  shift
  local limiter=()
  command -v timeout >/dev/null 2>&1 && limiter=(timeout "$TMO")
  local t0 t1
  t0="$(now_ms)"
  (cd "$dir/ws" && env -i \
      PATH="/usr/local/bin:/usr/bin:/bin" \
      HOME="$dir/home" \
      LANG="C.UTF-8" \
      ANTHROPIC_BASE_URL="http://127.0.0.1:$PORT" \
      ANTHROPIC_API_KEY="sk-test-scripted-0123456789abcdef" \
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 \
      DISABLE_AUTOUPDATER=1 \
      DISABLE_TELEMETRY=1 \
      ${envs[@]+"${envs[@]}"} \
      ${limiter[@]+"${limiter[@]}"} "$CLAUDE" "$@" >"$out" 2>"$out.stderr" </dev/null)
  RC=$?
  t1="$(now_ms)"
  ELAPSED_MS=$((t1 - t0))
}

new_dir() {
  local d="$ROOT/$1"
  mkdir -p "$d/home" "$d/ws"
  echo "$d"
}

report() {  # report NAME OK(0/1) DETAIL
  if [ "$2" = "0" ]; then
    PASSED=$((PASSED + 1)); echo "PASS $1 $3"
  else
    FAILED=$((FAILED + 1)); echo "FAIL $1 $3"
  fi
}

# check DIR OUTFILE RC ELAPSED_MS CHECK_NAME  (python prints a detail line; exit 0 = ok)
check() {
  "$PY" - "$@" <<'PYCHECK'
import json, os, sys
d, out, rc, elapsed, name = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
lines = []
with open(out, encoding="utf-8", errors="replace") as f:
    for raw in f:
        raw = raw.strip()
        if not raw:
            continue
        try:
            lines.append(json.loads(raw))
        except ValueError:
            pass
results = [l for l in lines if l.get("type") == "result"]
res = results[-1] if results else {}
reqs = []
if os.path.exists(os.path.join(d, "requests.jsonl")):
    with open(os.path.join(d, "requests.jsonl")) as f:
        reqs = [json.loads(x) for x in f if x.strip()]
main = [r for r in reqs if r.get("kind") == "main"]
tool_results = [c for l in lines if l.get("type") == "user"
                for c in (l.get("message", {}).get("content") or []) if isinstance(c, dict) and c.get("type") == "tool_result"]

def text_of(c):
    v = c.get("content")
    if isinstance(v, list):
        return "".join(x.get("text", "") for x in v if isinstance(x, dict))
    return v or ""

problems = []
def need(cond, msg):
    if not cond:
        problems.append(msg)

need(bool(res), "no result line")
summary = "rc=%d %.2fs is_error=%s subtype=%s turns=%s api_status=%s requests=%d" % (
    rc, elapsed / 1000.0, res.get("is_error"), res.get("subtype"), res.get("num_turns"),
    res.get("api_error_status"), len(main))

if name == "simple":
    need(rc == 0, "exit code %d" % rc)
    need(res.get("is_error") is False, "is_error not false")
    need(res.get("result") == "Hello from the scripted API.", "result text %r" % res.get("result"))
elif name == "write_bash_edit":
    need(rc == 0, "exit code %d" % rc)
    need(res.get("is_error") is False, "is_error not false")
    need(res.get("num_turns") == 4, "num_turns %r" % res.get("num_turns"))
    need(not res.get("permission_denials"), "permission denials %r" % res.get("permission_denials"))
    p = os.path.join(d, "ws", "hello.txt")
    content = open(p).read() if os.path.exists(p) else None
    need(content == "hello edited world\n", "hello.txt is %r" % content)
    need(any("hello world\ndone" in text_of(c) for c in tool_results), "Bash output not seen")
    need(all(not c.get("is_error") for c in tool_results), "a tool failed")
elif name == "failing_tool":
    need(rc == 0, "exit code %d" % rc)
    need(res.get("is_error") is False, "is_error not false")
    need(any(c.get("is_error") is True and "Exit code 3" in text_of(c) for c in tool_results),
         "no failing tool_result with 'Exit code 3'")
elif name == "max_turns":
    need(rc == 1, "exit code %d" % rc)
    need(res.get("is_error") is True, "is_error not true")
    need(res.get("subtype") == "error_max_turns", "subtype %r" % res.get("subtype"))
    need(res.get("terminal_reason") == "max_turns", "terminal_reason %r" % res.get("terminal_reason"))
elif name.startswith("api_"):
    status = int(name.split("_")[1])
    need(rc == 1, "exit code %d" % rc)
    need(res.get("is_error") is True, "is_error not true")
    need(res.get("api_error_status") == status, "api_error_status %r" % res.get("api_error_status"))
    need(elapsed < 10000, "took %d ms" % elapsed)
    if status in (401, 529):
        need(len(main) == 1, "%d requests (retried)" % len(main))
elif name == "followup_1":
    need(rc == 0, "exit code %d" % rc)
    need(res.get("result") == "first answer", "result %r" % res.get("result"))
elif name == "followup_2":
    need(rc == 0, "exit code %d" % rc)
    need(res.get("result") == "second answer", "result %r" % res.get("result"))
    last = main[-1]["body"]["messages"] if main else []
    need(any(m.get("role") == "assistant" and "first answer" in json.dumps(m.get("content")) for m in last),
         "resumed request lacks the earlier assistant turn")
    need(any("first question" in json.dumps(m.get("content")) for m in last if m.get("role") == "user"),
         "resumed request lacks the earlier user turn")
else:
    problems.append("unknown check " + name)

print(summary + ("" if not problems else " :: " + "; ".join(problems)))
print("SESSION=%s" % res.get("session_id", ""), file=sys.stderr)
sys.exit(0 if not problems else 1)
PYCHECK
}

# scenario_one NAME SCENARIO_FILE CHECK [env...] -- claude args
scenario_one() {
  local name="$1" file="$2" chk="$3"; shift 3
  local dir; dir="$(new_dir "$name")"
  if ! start_server "$file" "$dir"; then report "$name" 1 "server did not start"; return; fi
  run_claude "$dir" "$dir/stdout.jsonl" "$@"
  stop_server
  local detail
  detail="$(check "$dir" "$dir/stdout.jsonl" "$RC" "$ELAPSED_MS" "$chk" 2>"$dir/session.txt")"
  local ok=$?
  report "$name" "$ok" "($detail)"
}

STREAM=(--output-format stream-json --verbose)
SELECTED=("$@")
selected() {
  [ "${#SELECTED[@]}" -eq 0 ] && return 0
  local s; for s in "${SELECTED[@]}"; do [ "$s" = "$1" ] && return 0; done; return 1
}

if selected simple; then
  dir="$(new_dir simple)"
  if start_server "$HERE/simple.json" "$dir"; then
    times=(); fails=0; detail=""
    for i in $(seq 1 "$SIMPLE_RUNS"); do
      run_claude "$dir" "$dir/stdout.$i.jsonl" -- -p "Say hello" "${STREAM[@]}"
      detail="$(check "$dir" "$dir/stdout.$i.jsonl" "$RC" "$ELAPSED_MS" simple 2>/dev/null)" || fails=$((fails + 1))
      times+=("$ELAPSED_MS")
    done
    stop_server
    stats="$("$PY" -c 'import sys,statistics as s; v=[int(x) for x in sys.argv[1:]]; print("runs=%d ms: min=%d median=%d max=%d" % (len(v), min(v), s.median(v), max(v)))' "${times[@]}")"
    report simple "$([ "$fails" -eq 0 ] && echo 0 || echo 1)" "($stats; last: $detail)"
  else
    report simple 1 "server did not start"
  fi
fi

selected write_bash_edit && scenario_one write_bash_edit "$HERE/write_bash_edit.json" write_bash_edit \
  -- -p "Create hello.txt, show it, then edit it" "${STREAM[@]}" --allowedTools "Write,Bash,Edit"

selected write_bash_edit_bypass && scenario_one write_bash_edit_bypass "$HERE/write_bash_edit.json" write_bash_edit \
  IS_SANDBOX=1 -- -p "Create hello.txt, show it, then edit it" "${STREAM[@]}" --permission-mode bypassPermissions

selected failing_tool && scenario_one failing_tool "$HERE/failing_tool.json" failing_tool \
  -- -p "Run a failing command" "${STREAM[@]}" --allowedTools "Bash"

selected max_turns && scenario_one max_turns "$HERE/max_turns.json" max_turns \
  -- -p "Keep going" "${STREAM[@]}" --allowedTools "Bash" --max-turns 2

selected api_400 && scenario_one api_400 "$HERE/api_400.json" api_400 -- -p "Hello" "${STREAM[@]}"
selected api_401 && scenario_one api_401 "$HERE/api_401.json" api_401 -- -p "Hello" "${STREAM[@]}"
selected api_529 && scenario_one api_529 "$HERE/api_529.json" api_529 -- -p "Hello" "${STREAM[@]}"

# The same errors without the x-should-retry header, stopped by CLAUDE_CODE_MAX_RETRIES=0 instead.
if selected api_env_only; then
  for st in 401:authentication_error 529:overloaded_error; do
    code="${st%%:*}"; typ="${st#*:}"
    f="$ROOT/plain_$code.json"
    printf '{"repeat_last": true, "turns": [{"error": {"status": %s, "type": "%s", "message": "scripted %s"}}]}\n' "$code" "$typ" "$code" >"$f"
    scenario_one "api_${code}_max_retries_env" "$f" "api_$code" CLAUDE_CODE_MAX_RETRIES=0 -- -p "Hello" "${STREAM[@]}"
  done
fi

if selected followup; then
  dir="$(new_dir followup)"
  if start_server "$HERE/followup.json" "$dir"; then
    run_claude "$dir" "$dir/out1.jsonl" -- -p "first question" "${STREAM[@]}"
    d1="$(check "$dir" "$dir/out1.jsonl" "$RC" "$ELAPSED_MS" followup_1 2>"$dir/s1.txt")"; ok1=$?
    sid1="$(sed -n 's/^SESSION=//p' "$dir/s1.txt")"
    run_claude "$dir" "$dir/out2.jsonl" -- -p "second question" --resume "$sid1" "${STREAM[@]}"
    d2="$(check "$dir" "$dir/out2.jsonl" "$RC" "$ELAPSED_MS" followup_2 2>"$dir/s2.txt")"; ok2=$?
    sid2="$(sed -n 's/^SESSION=//p' "$dir/s2.txt")"
    stop_server
    same=1; [ -n "$sid1" ] && [ "$sid1" = "$sid2" ] && same=0
    ok=1; [ "$ok1" = 0 ] && [ "$ok2" = 0 ] && [ "$same" = 0 ] && ok=0
    report followup "$ok" "(run1: $d1 | run2: $d2 | session ids equal: $([ "$same" = 0 ] && echo yes || echo "no: $sid1 vs $sid2"))"
  else
    report followup 1 "server did not start"
  fi
fi

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
