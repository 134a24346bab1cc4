#!/usr/bin/env bash
# System calls and server CPU per round trip, counted by the kernel (perf tracepoints), for `fdmux serve`
# under the C echo client's ping-pong: EPOLL against IO_URING, per mode, with and without workers.
# Answers: does IO_URING make no system call per re-arm where EPOLL makes one epoll_ctl?
#
#   benchmarks/run-syscalls.sh [ROUNDS] [CONNECTIONS] [SECONDS]     (defaults 3 100 4)
#
# Needs perf with the syscalls tracepoints readable (perf_event_paranoid <= 2 for one's own processes
# suffices here; as root anything goes) and gcc. Configurations run in alternating rounds; each line is
# one run: the server's counts while the client ran (1 s warm-up + SECONDS measured) divided by all the
# round trips the client made in that time. Prints a markdown table at the end (medians over the rounds).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS="${1:-3}"
CONNECTIONS="${2:-100}"
SECONDS_MEASURED="${3:-4}"
NATIVE="$ROOT/benchmarks/target/native"
mkdir -p "$NATIVE"
gcc -O2 -Wall -o "$NATIVE/echo-client" "$ROOT/benchmarks/src/main/c/echo-client.c"
"$ROOT/fdmux" info >/dev/null   # builds the CLI jar if needed

CONFIGS=(
  "epoll oneshot 2" "io_uring oneshot 2"
  "epoll oneshot 0" "io_uring oneshot 0"
  "epoll edge 0" "io_uring edge 0"
  "epoll level 0" "io_uring level 0"
)
EVENTS="raw_syscalls:sys_enter,syscalls:sys_enter_epoll_wait,syscalls:sys_enter_epoll_pwait,syscalls:sys_enter_epoll_pwait2,syscalls:sys_enter_epoll_ctl,syscalls:sys_enter_io_uring_enter,syscalls:sys_enter_read,syscalls:sys_enter_write,syscalls:sys_enter_futex,task-clock"
RESULTS="$(mktemp)"
trap 'rm -f "$RESULTS"' EXIT

run_one() {
  local backend="$1" mode="$2" workers="$3"
  local out port pid client perfout
  out="$(mktemp)"
  "$ROOT/fdmux" serve --backend "$backend" --mode "$mode" --workers "$workers" --port 0 >"$out" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do
    port="$(sed -n 's/^listening on [^:]*:\([0-9]*\)$/\1/p' "$out")"
    [ -n "$port" ] && break
    sleep 0.1
  done
  [ -n "$port" ] || { cat "$out" >&2; kill "$pid"; return 1; }
  perfout="$(mktemp)"
  client="$(perf stat -x, -o "$perfout" -e "$EVENTS" -p "$pid" -- \
    "$NATIVE/echo-client" "$port" "$CONNECTIONS" 64 1 "$SECONDS_MEASURED")"
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  local rt
  rt="$(sed -n 's/.*"allRoundTrips":\([0-9]*\).*/\1/p' <<<"$client")"
  awk -F, -v rt="$rt" -v cfg="$backend $mode workers=$workers" '
    /raw_syscalls:sys_enter/ {all=$1}
    /sys_enter_epoll_wait|sys_enter_epoll_pwait/ {wait+=$1}
    /sys_enter_epoll_ctl/ {ctl=$1}
    /sys_enter_io_uring_enter/ {enter=$1}
    /sys_enter_read,/ {rd=$1}
    /sys_enter_write,/ {wr=$1}
    /sys_enter_futex/ {fx=$1}
    /task-clock/ {cpu=$1}
    END {printf "%s|%d|%.3f|%.3f|%.3f|%.3f|%.3f|%.3f|%.3f|%.2f\n", cfg, rt, all/rt, wait/rt, ctl/rt, enter/rt, rd/rt, wr/rt, fx/rt, cpu*1000/rt}
  ' "$perfout" | tee -a "$RESULTS"
  rm -f "$out" "$perfout"
}

echo "config|round trips|syscalls/rt|epoll_wait/rt|epoll_ctl/rt|io_uring_enter/rt|read/rt|write/rt|futex/rt|server CPU µs/rt"
for r in $(seq 1 "$ROUNDS"); do
  for c in "${CONFIGS[@]}"; do
    # shellcheck disable=SC2086
    run_one $c
  done
done

echo
echo "| server | syscalls / round trip | epoll_wait | epoll_ctl | io_uring_enter | read | write | futex | server CPU µs / round trip |"
echo "|---|---|---|---|---|---|---|---|---|"
for c in "${CONFIGS[@]}"; do
  set -- $c
  cfg="$1 $2 workers=$3"
  row="| $cfg |"
  for col in 3 4 5 6 7 8 9 10; do
    med="$(grep -F "$cfg|" "$RESULTS" | cut -d'|' -f"$col" | sort -g \
      | awk '{a[NR] = $1} END {if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2}')"
    row="$row $med |"
  done
  echo "$row"
done
