#!/usr/bin/env bash
# `make demo`: a county center and one kiosk simulator on this machine, with a private cupsd as the kiosk's
# printer. Everything lives in .demo/ and is stopped by `make demo-stop` (or `scripts/demo.sh stop`).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DEMO=$ROOT/.demo
CENTER_PORT=${CENTER_PORT:-8080}
KIOSK_PORT=${KIOSK_PORT:-8088}
cd "$ROOT"

stop() {
    for name in kioskd center; do
        if [ -f "$DEMO/$name.pid" ]; then
            pid=$(cat "$DEMO/$name.pid")
            kill "$pid" 2>/dev/null || true
            # Wait until it is gone, so a restart never finds its port still taken.
            for _ in $(seq 1 50); do
                [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || echo Z)" = Z ] && break
                sleep 0.1
            done
            kill -9 "$pid" 2>/dev/null || true
            rm -f "$DEMO/$name.pid"
        fi
    done
    [ -d "$DEMO/cups" ] && scripts/test-cupsd.sh stop "$DEMO/cups" >/dev/null 2>&1 || true
}

wait_for() {  # wait_for URL NAME LOG
    for _ in $(seq 1 100); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.2; done
    echo "demo: $2 did not start; its log:" >&2
    tail -20 "$3" >&2
    exit 1
}

start() {
    stop
    mkdir -p "$DEMO"
    BIN=$(swift build --show-bin-path)
    cups_env=$(scripts/test-cupsd.sh start "$DEMO/cups")
    eval "$cups_env"

    "$BIN/kiosk-center" kiosk add demo-kiosk-01 --rotate --db "sqlite:$DEMO/center.sqlite" --out "$DEMO/credential" >/dev/null
    setsid nohup "$BIN/kiosk-center" serve --db "sqlite:$DEMO/center.sqlite" --listen "127.0.0.1:$CENTER_PORT" \
        >"$DEMO/center.log" 2>&1 &
    echo $! >"$DEMO/center.pid"
    wait_for "http://127.0.0.1:$CENTER_PORT/healthz" kiosk-center "$DEMO/center.log"

    cat >"$DEMO/kiosk.yaml" <<YAML
# Written by scripts/demo.sh: the shipped kiosk-config/kiosk.yaml with demo settings.
kiosk: {id: demo-kiosk-01, township: 城关镇}
state_dir: state
display: {backend: simulator, width: 1080, height: 1920}
printer: {queue: "$KIOSK_TEST_CUPS_QUEUE", server: "$CUPS_SERVER", paper: 80mm}
center:
  url: "http://127.0.0.1:$CENTER_PORT"
  public_url: "http://127.0.0.1:$CENTER_PORT"
  credential_file: credential
  upload_interval_seconds: 5
content: {source: "$ROOT/kiosk-config/content"}
YAML
    rm -f "$DEMO/state/content.sqlite"
    setsid nohup "$BIN/kioskd" --config "$DEMO/kiosk.yaml" --simulate --port "$KIOSK_PORT" >"$DEMO/kioskd.log" 2>&1 &
    echo $! >"$DEMO/kioskd.pid"
    wait_for "http://127.0.0.1:$KIOSK_PORT/" kioskd "$DEMO/kioskd.log"

    cat <<TEXT

  Kiosk simulator (click to touch):  http://127.0.0.1:$KIOSK_PORT/
  Center statistics (JSON):          http://127.0.0.1:$CENTER_PORT/api/v1/stats
  Printed slips land in:             $KIOSK_TEST_CUPS_OUTPUT
  Logs:                              $DEMO/kioskd.log, $DEMO/center.log
  Usage events upload every 5 s.     Stop everything with: make demo-stop

TEXT
}

case "${1:-start}" in
    start) start ;;
    stop) stop; echo "demo stopped" ;;
    *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
