#!/usr/bin/env bash
# The macro comparison in one command: echo (C client) and HTTP (wrk) against every fdmux backend × mode,
# the JDK Selector, Netty 4.2 (epoll and NIO), nginx (1 worker) and a C edge-triggered epoll server.
# Builds what it needs (the benchmarks jar with Maven, the C programs with gcc), then runs the driver.
# Prints markdown; also writes it to benchmarks/target/macro-results.md. Extra arguments go to the
# driver (e.g. --rounds 5 --seconds 3 --only 'EPOLL|Netty epoll|C epoll'); --help lists them.
# Takes about 8 minutes with the defaults on 2 cores.
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
HERE="$FDMUX_ROOT/benchmarks"
JAR="$(fdmux_built_jar run-macro benchmarks "$HERE/target" benchmarks.jar)"
NATIVE="$HERE/target/native"

mkdir -p "$NATIVE"
for prog in echo-server echo-client; do
  gcc -O2 -Wall -o "$NATIVE/$prog" "$HERE/src/main/c/$prog.c"
done
command -v wrk >/dev/null || echo "run-macro: wrk not found; install it (apt-get install wrk) for the HTTP phase" >&2
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
[ -x "$NGINX" ] || echo "run-macro: nginx not found (apt-get install nginx): the HTTP table will lack it" >&2

fdmux_jvm_opts
exec "$FDMUX_JAVA" "${FDMUX_JVM_OPTS[@]}" -cp "$JAR" io.github.fdmux.bench.macro.MacroBench \
  --client "$NATIVE/echo-client" --c-server "$NATIVE/echo-server" --nginx "$NGINX" \
  --wrk "$(command -v wrk || echo /usr/bin/wrk)" --out "$HERE/target/macro-results.md" \
  --command "benchmarks/run-macro.sh${*:+ $*}" "$@"
