#!/bin/sh
# Starts Podman's Docker-compatible API service for the docker provider's integration tests,
# with an image made from a busybox-static rootfs (no registry needed).
#
#   setup.sh          install what is missing, start (or reuse) the service, import (or reuse)
#                     the image; prints the socket path on stdout
#   setup.sh stop     stops the service this script started (its pid file), if it still runs
#
# Environment:
#   RCLAUDE_PODMAN_DIR    state directory (default ${TMPDIR:-/tmp}/rclaude-podman): containers.conf,
#                         podman.sock, podman.pid, service.log, the rootfs tar
#   RCLAUDE_TEST_IMAGE    image name (default localhost/rclaude-test-busybox:latest)
#   RCLAUDE_PODMAN_NO_INSTALL=1  never run apt-get
#
# Why the configuration: podman's default OCI spec asks for nofile=1048576/nproc=32768, which a
# process without CAP_SYS_RESOURCE cannot set, and crun refuses hybrid cgroups; runc with
# ulimits 4096 works. Sandboxes have no network (netns none).
# Exit status: 0 ready; 2 podman cannot run here (the reason is on stderr).
set -eu

STATE_DIR="${RCLAUDE_PODMAN_DIR:-${TMPDIR:-/tmp}/rclaude-podman}"
IMAGE="${RCLAUDE_TEST_IMAGE:-localhost/rclaude-test-busybox:latest}"
SOCKET="$STATE_DIR/podman.sock"
PID_FILE="$STATE_DIR/podman.pid"
CONF="$STATE_DIR/containers.conf"

fail() { echo "podman unavailable: $*" >&2; exit 2; }

if [ "${1:-}" = "stop" ]; then
    if [ -f "$PID_FILE" ]; then
        pid=$(cat "$PID_FILE")
        if kill -0 "$pid" 2>/dev/null; then kill "$pid"; fi
        rm -f "$PID_FILE"
    fi
    exit 0
fi

mkdir -p "$STATE_DIR"

# 1. Tools.
missing=""
command -v podman >/dev/null 2>&1 || missing="$missing podman"
command -v runc >/dev/null 2>&1 || missing="$missing runc"
[ -x /bin/busybox ] || missing="$missing busybox-static"
if [ -n "$missing" ]; then
    [ "${RCLAUDE_PODMAN_NO_INSTALL:-0}" = "1" ] && fail "missing:$missing (install: apt-get install -y podman runc busybox-static)"
    [ "$(id -u)" = "0" ] || fail "missing:$missing and not root; run: sudo apt-get install -y podman runc busybox-static"
    command -v apt-get >/dev/null 2>&1 || fail "missing:$missing and no apt-get; install podman, runc and a static busybox"
    # Lock waits guard against another apt run; output goes to the log, not stdout.
    { apt-get install -y podman runc busybox-static || { apt-get update && apt-get install -y podman runc busybox-static; }; } \
        >"$STATE_DIR/apt.log" 2>&1 || fail "apt-get install podman runc busybox-static failed (see $STATE_DIR/apt.log)"
fi

# 2. Configuration (kept out of /etc).
cat >"$CONF" <<'CONF'
[containers]
default_ulimits = ["nofile=4096:4096", "nproc=4096:4096"]
netns = "none"

[engine]
runtime = "runc"
CONF
export CONTAINERS_CONF="$CONF"

ping() { curl -sf --max-time 5 --unix-socket "$SOCKET" http://d/_ping >/dev/null 2>&1; }

# 3. The API service: reuse a live one, else start one.
if ! ping; then
    rm -f "$SOCKET"
    nohup podman system service --time=0 "unix://$SOCKET" >"$STATE_DIR/service.log" 2>&1 </dev/null &
    echo $! >"$PID_FILE"
    i=0
    until ping; do
        i=$((i + 1))
        if [ "$i" -gt 100 ] || ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
            tail -5 "$STATE_DIR/service.log" >&2 || true
            fail "podman system service did not answer on $SOCKET"
        fi
        sleep 0.2
    done
fi

# 4. The image, from a busybox-static rootfs.
if ! podman image exists "$IMAGE" 2>/dev/null; then
    root="$STATE_DIR/rootfs"
    rm -rf "$root"
    mkdir -p "$root/bin" "$root/etc" "$root/tmp" "$root/proc" "$root/sys" "$root/dev" "$root/root" "$root/workspace"
    chmod 1777 "$root/tmp"
    cp /bin/busybox "$root/bin/busybox"
    for applet in $("$root/bin/busybox" --list); do
        [ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
    done
    printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$root/etc/passwd"
    printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
    tar -C "$root" -cf "$STATE_DIR/busybox-rootfs.tar" .
    podman import --change 'CMD ["/bin/sh"]' --change 'ENV PATH=/bin' \
        "$STATE_DIR/busybox-rootfs.tar" "$IMAGE" >"$STATE_DIR/import.log" 2>&1 \
        || { cat "$STATE_DIR/import.log" >&2; fail "podman import failed"; }
fi

echo "$SOCKET"
