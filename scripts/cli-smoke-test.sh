#!/usr/bin/env bash
# The programs as a technician runs them: build content, walk it, replay a touch recording through kioskd
# headless into PNG frames with a real print and upload, and read the count back from kiosk-center.
# Needs the private cupsd's env (CUPS_SERVER, KIOSK_TEST_CUPS_QUEUE, KIOSK_TEST_CUPS_OUTPUT).
set -euo pipefail
WORK=${1:?usage: cli-smoke-test.sh WORKDIR}
BIN=$(swift build --show-bin-path)
ROOT=$(cd "$(dirname "$0")/.." && pwd)
FIXTURE="$ROOT/../shared/fixtures/evemu/Atmel maXTouch Touchscreen.1-finger-fast-taps.events"
rm -rf "$WORK" && mkdir -p "$WORK"
passed=0
failed=0
check() {  # check NAME COMMAND...
    local name=$1; shift
    if "$@" >"$WORK/last.log" 2>&1; then passed=$((passed + 1)); echo "ok   $name"
    else failed=$((failed + 1)); echo "FAIL $name"; sed 's/^/     /' "$WORK/last.log"; fi
}

check "content check" "$BIN/kioskctl" content check "$ROOT/kiosk-config/content"
check "content build" "$BIN/kioskctl" content build "$ROOT/kiosk-config/content" -o "$WORK/content.sqlite"
check "walk reaches a slip citing 第二十七条" bash -c \
    "'$BIN/kioskctl' walk --bundle '$WORK/content.sqlite' --flow unpaid-wages --choose 2 --choose 2 --choose 1 | grep -q 第二十七条"
check "walk answers a keypad: income under the threshold" bash -c \
    "'$BIN/kioskctl' walk --bundle '$WORK/content.sqlite' --flow legal-aid --choose other --choose wages --choose none --choose 1500 | grep -q 本地标准以内"
check "content paths lists a path to every outcome" bash -c \
    "'$BIN/kioskctl' content paths '$ROOT/kiosk-config/content' | grep -q '^legal-aid	o-above	'"
mkdir -p "$WORK/broken" && cp -r "$ROOT/kiosk-config/content/." "$WORK/broken/" && \
    cp "$ROOT/Tests/KioskContentTests/BrokenFlows/unset-variable.yaml" "$WORK/broken/flows/"
check "content check refuses a broken flow, naming file, line and column" bash -c \
    "out=\$('$BIN/kioskctl' content check '$WORK/broken' 2>&1); status=\$?; echo \"\$out\"; test \$status -ne 0 && grep -q 'unset-variable.yaml:19:9' <<<\"\$out\""
check "touch script" "$BIN/kioskctl" touch script --bundle "$WORK/content.sqlite" --flow unpaid-wages \
    --choose 2 --choose 2 --choose 1 --device "$FIXTURE" -o "$WORK/walk.events"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$BIN/kiosk-center" kiosk add smoke-kiosk --db "sqlite:$WORK/center.sqlite" --out "$WORK/credential" >/dev/null
"$BIN/kiosk-center" serve --db "sqlite:$WORK/center.sqlite" --listen "127.0.0.1:$port" >"$WORK/center.log" 2>&1 &
center=$!
trap 'kill $center 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done

cat >"$WORK/kiosk.yaml" <<YAML
kiosk: {id: smoke-kiosk}
state_dir: state
printer: {queue: "$KIOSK_TEST_CUPS_QUEUE", server: "$CUPS_SERVER"}
center: {url: "http://127.0.0.1:$port", credential_file: credential}
content: {bundle: content.sqlite}
YAML
check "kioskd replays the recording headless" "$BIN/kioskd" --config "$WORK/kiosk.yaml" --display "png:$WORK/frames" \
    --input "evemu:$WORK/walk.events" --exit-when-done
check "every tap drew a pressed and a new frame" test "$(ls "$WORK/frames" | wc -l)" -eq 9
check "the answers changed the screen" bash -c "[ \$(md5sum '$WORK'/frames/frame-000{1,3,5,7}.png | cut -d' ' -f1 | sort -u | wc -l) -eq 4 ]"
check "the visit reached the center" bash -c \
    "curl -fs http://127.0.0.1:$port/api/v1/stats | python3 -c 'import json,sys; r=json.load(sys.stdin); f=[x for x in r[\"flows\"] if x[\"flow\"]==\"unpaid-wages\"][0]; sys.exit(0 if f[\"visits\"]==1 and f[\"outcomes\"]==1 else 1)'"
check "kiosk-center stats counts the slip" bash -c \
    "'$BIN/kiosk-center' stats --db 'sqlite:$WORK/center.sqlite' | grep -qP '^unpaid-wages\t1\t1\t0$'"

printf 'kiosk: {id: smoke}\nprinter:\n  paper: 100mm\n' >"$WORK/broken.yaml"
check "a broken config names file, line and field" bash -c \
    "'$BIN/kioskd' --config '$WORK/broken.yaml' --display png:'$WORK/x' --input evemu:/dev/null --exit-when-done 2>&1 | grep -q 'broken.yaml:3:.*printer.paper'; [ \${PIPESTATUS[0]} -eq 78 ]"

echo "cli smoke: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
