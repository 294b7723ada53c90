#!/usr/bin/env bash
# A private cupsd for tests, set up the way CUPS's own test suite (test/run-stp-tests.sh) does it:
# its own ServerRoot, config, spool and logs under RUNDIR, a loopback port and a domain socket, and a
# PPD-backed queue on a file device. It never reads or writes /etc/cups or the system cupsd.
#
#   scripts/test-cupsd.sh start RUNDIR   # prints (and writes RUNDIR/env) the exports tests need
#   scripts/test-cupsd.sh stop RUNDIR
#   scripts/test-cupsd.sh status RUNDIR
#
# With KIOSK_TEST_CUPS_WATCH_PID=PID set, start also leaves a watchdog that stops this cupsd once PID
# exits, so a test run that crashes before its own "stop" does not leave a scheduler behind.
#
# Queue: kiosk-test, file:///RUNDIR/out/kiosk-test.out, PPD cups-filters' "Generic PDF Printer"
# (/usr/share/ppd/cupsfilters/Generic-PDF_Printer-PDF.ppd): its only filter is pdftopdf, so what lands in
# the output file is our PDF, wrapped in the PPD's PJL job header (ESC%-12345X@PJL ... ENTER LANGUAGE = PDF).
# Raw queues cannot print to file devices, and "-m everywhere" needs a live IPP printer, hence a PPD.
set -euo pipefail

QUEUE=kiosk-test
PPD=${KIOSK_TEST_CUPS_PPD:-/usr/share/ppd/cupsfilters/Generic-PDF_Printer-PDF.ppd}
START_TIMEOUT=${KIOSK_TEST_CUPS_TIMEOUT:-20}

die() { echo "test-cupsd: $*" >&2; exit 1; }

usage() { die "usage: $0 start|stop|status RUNDIR"; }

[ $# -eq 2 ] || usage
cmd=$1
mkdir -p "$2"
RUNDIR=$(cd "$2" && pwd)

PIDFILE=$RUNDIR/cupsd.pid
PORTFILE=$RUNDIR/port
ENVFILE=$RUNDIR/env
LOGDIR=$RUNDIR/log
OUT=$RUNDIR/out/$QUEUE.out

# kill -0 succeeds on a zombie, and in containers whose init does not reap, a stopped cupsd stays one.
alive() {
    kill -0 "$1" 2>/dev/null || return 1
    local state
    state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
    [ "$state" != Z ]
}

running_pid() {
    [ -f "$PIDFILE" ] || return 1
    local pid
    pid=$(cat "$PIDFILE" 2>/dev/null) || return 1
    [ -n "$pid" ] && alive "$pid" || return 1
    # A stale pid file could name an unrelated process that reused the pid.
    [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = cupsd ] || return 1
    echo "$pid"
}

port_in_use() {
    if command -v ss >/dev/null 2>&1; then
        [ -n "$(ss -Htln "sport = :$1" 2>/dev/null)" ]
    else
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
    fi
}

pick_port() {
    local port i
    for i in $(seq 1 50); do
        port=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
        if ! port_in_use "$port"; then echo "$port"; return 0; fi
    done
    die "no free TCP port found on 127.0.0.1"
}

write_env() {
    local port=$1
    cat > "$ENVFILE" <<EOF
export CUPS_SERVER=127.0.0.1:$port KIOSK_TEST_CUPS_QUEUE=$QUEUE KIOSK_TEST_CUPS_OUTPUT=$OUT
EOF
    cat "$ENVFILE"
}

show_log_tail() {
    if [ -f "$LOGDIR/error_log" ]; then
        echo "--- last lines of $LOGDIR/error_log ---" >&2
        tail -n 30 "$LOGDIR/error_log" >&2
    fi
    if [ -f "$LOGDIR/cupsd.stderr" ]; then
        echo "--- $LOGDIR/cupsd.stderr ---" >&2
        tail -n 30 "$LOGDIR/cupsd.stderr" >&2
    fi
}

do_stop() {
    local pid i
    if pid=$(running_pid); then
        kill -TERM "$pid" 2>/dev/null || true
        for i in $(seq 1 50); do
            alive "$pid" || break
            sleep 0.1
        done
        if alive "$pid"; then
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    rm -f "$PIDFILE"
}

do_start() {
    command -v cupsd >/dev/null 2>&1 || [ -x /usr/sbin/cupsd ] || die "cupsd not installed (apt-get install cups)"
    [ -f "$PPD" ] || die "PPD $PPD not found (apt-get install cups-filters)"
    local cupsd=/usr/sbin/cupsd
    command -v cupsd >/dev/null 2>&1 && cupsd=$(command -v cupsd)

    if pid=$(running_pid) && [ -f "$PORTFILE" ]; then
        local port
        port=$(cat "$PORTFILE")
        if lpstat -h "127.0.0.1:$port" -r >/dev/null 2>&1 \
            && lpstat -h "127.0.0.1:$port" -p "$QUEUE" >/dev/null 2>&1; then
            write_env "$port"
            return 0
        fi
        do_stop
    fi

    mkdir -p "$RUNDIR"/{log,out,spool/temp,cache,state,ppd,ssl}
    rm -f "$LOGDIR"/*_log "$LOGDIR/cupsd.stderr"

    # cupsd runs as root, but filters run as User; they must reach the spool and temp dirs.
    # cupsd refuses a SystemGroup that is also its Group.
    local user group sysgroup
    if [ "$(id -u)" -eq 0 ]; then
        user=lp
        group=lp
        sysgroup=root
        id lp >/dev/null 2>&1 || die "user lp missing"
        chmod 0755 "$RUNDIR"
        chown -R lp:lp "$RUNDIR/spool" "$RUNDIR/cache" "$RUNDIR/out" "$LOGDIR"
        chmod 1777 "$RUNDIR/spool/temp"
    else
        user=$(id -un)
        group=nogroup
        getent group nogroup >/dev/null 2>&1 || group=$(id -gn)
        sysgroup=$(id -gn)
    fi

    : > "$OUT"
    chmod 0666 "$OUT"

    local port
    port=$(pick_port)
    echo "$port" > "$PORTFILE"

    cat > "$RUNDIR/cupsd.conf" <<EOF
LogLevel debug
LogTimeFormat usecs
MaxLogSize 0
Listen 127.0.0.1:$port
Listen $RUNDIR/cups.sock
Browsing Off
BrowseLocalProtocols none
WebInterface No
DefaultShared No
DefaultAuthType Basic
PreserveJobHistory Yes
PreserveJobFiles No
MaxJobs 500
JobKillDelay 5
<Location />
  Order Allow,Deny
  Allow all
</Location>
<Location /admin>
  Order Allow,Deny
  Allow all
</Location>
<Policy default>
  JobPrivateAccess all
  JobPrivateValues none
  SubscriptionPrivateAccess all
  SubscriptionPrivateValues none
  <Limit All>
    Order Deny,Allow
  </Limit>
</Policy>
EOF

    cat > "$RUNDIR/cups-files.conf" <<EOF
FileDevice Yes
Printcap
User $user
Group $group
SystemGroup $sysgroup
ServerRoot $RUNDIR
StateDir $RUNDIR/state
CacheDir $RUNDIR/cache
DataDir /usr/share/cups
DocumentRoot /usr/share/cups/doc-root
ServerBin /usr/lib/cups
RequestRoot $RUNDIR/spool
TempDir $RUNDIR/spool/temp
AccessLog $LOGDIR/access_log
ErrorLog $LOGDIR/error_log
PageLog $LOGDIR/page_log
ServerKeychain $RUNDIR/ssl
Sandboxing Relaxed
EOF

    # exec keeps the background pid equal to the scheduler's pid, which is what stop signals.
    ( exec "$cupsd" -f -c "$RUNDIR/cupsd.conf" -s "$RUNDIR/cups-files.conf" \
        </dev/null >"$LOGDIR/cupsd.stderr" 2>&1 ) &
    local pid=$!
    echo "$pid" > "$PIDFILE"
    disown "$pid" 2>/dev/null || true

    local deadline=$(( SECONDS + START_TIMEOUT ))
    until lpstat -h "127.0.0.1:$port" -r >/dev/null 2>&1; do
        if ! alive "$pid"; then
            show_log_tail
            die "cupsd exited during startup (config in $RUNDIR)"
        fi
        if [ "$SECONDS" -ge "$deadline" ]; then
            show_log_tail
            do_stop
            die "cupsd did not answer on 127.0.0.1:$port within ${START_TIMEOUT}s"
        fi
        sleep 0.1
    done

    # lpadmin warns that PPD drivers are deprecated; that is expected and not an error. A scheduler that has
    # just started can still drop the first admin connection ("Bad file descriptor" was seen on a loaded
    # machine), so a few tries are allowed before giving up.
    local created=no
    for _ in 1 2 3 4 5; do
        if lpadmin -h "127.0.0.1:$port" -p "$QUEUE" -v "file://$OUT" -P "$PPD" \
                -o printer-error-policy=abort-job -o PageSize=A4 2>"$LOGDIR/lpadmin.stderr"; then
            created=yes
            break
        fi
        sleep 0.5
    done
    if [ "$created" != yes ]; then
        cat "$LOGDIR/lpadmin.stderr" >&2
        show_log_tail
        do_stop
        die "lpadmin could not create queue $QUEUE"
    fi
    cupsenable -h "127.0.0.1:$port" "$QUEUE"
    cupsaccept -h "127.0.0.1:$port" "$QUEUE"
    lpstat -h "127.0.0.1:$port" -p "$QUEUE" >/dev/null 2>&1 || { show_log_tail; do_stop; die "queue $QUEUE missing after lpadmin"; }

    if [ -n "${KIOSK_TEST_CUPS_WATCH_PID:-}" ]; then
        local watched=$KIOSK_TEST_CUPS_WATCH_PID self
        self=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
        ( while alive "$watched" && alive "$pid"; do sleep 1; done
          KIOSK_TEST_CUPS_WATCH_PID= "$self" stop "$RUNDIR" ) </dev/null >/dev/null 2>&1 &
        disown $! 2>/dev/null || true
    fi

    write_env "$port"
}

case $cmd in
    start) do_start ;;
    stop) do_stop ;;
    status)
        if running_pid >/dev/null && [ -f "$PORTFILE" ] && lpstat -h "127.0.0.1:$(cat "$PORTFILE")" -r >/dev/null 2>&1; then
            cat "$ENVFILE"
        else
            echo "test-cupsd: not running in $RUNDIR" >&2
            exit 1
        fi
        ;;
    *) usage ;;
esac
