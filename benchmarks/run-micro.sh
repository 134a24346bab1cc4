#!/usr/bin/env bash
# The JMH suite in one command: dispatch (with -prof gc), EDGE re-trigger cost, control path, wakeup latency.
# Writes benchmarks/target/jmh-results.json and prints (and writes benchmarks/target/micro-results.md) the
# markdown tables of docs/benchmarks.md. Extra arguments go to JMH, e.g. a regexp to run one benchmark
# (Dispatch), -p subject=EPOLL_LEVEL,JDK_SELECT_CONSUMER, -wi 1 -i 2 for a quick look, or
# -p subject=KQUEUE_LEVEL,KQUEUE_EDGE where KQUEUE is available. About 15 minutes with the defaults.
# --passes K (first argument) runs the same selection K times in a row and reports per-run medians, so that
# a change of the machine's load during the run falls on every subject (e.g. --passes 3 Dispatch -p n=10000).
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
HERE="$FDMUX_ROOT/benchmarks"
JAR="$(fdmux_built_jar run-micro benchmarks "$HERE/target" benchmarks.jar)"
JAVA="$FDMUX_JAVA"
fdmux_jvm_opts

passes=1
if [ "${1:-}" = "--passes" ]; then passes="$2"; shift 2; fi
load_before="$(fdmux_loadavg)"
files=()
passes_note=""
if [ "$passes" -gt 1 ]; then passes_note=" --passes $passes"; fi
for ((p = 1; p <= passes; p++)); do
  JSON="$HERE/target/jmh-results.json"
  if [ "$passes" -gt 1 ]; then JSON="$HERE/target/jmh-results-$p.json"; fi
  "$JAVA" "${FDMUX_JVM_OPTS[@]}" -jar "$JAR" -prof gc -rf json -rff "$JSON" "$@" >&2
  files+=("$JSON")
done
header="Micro results, $(date -u '+%Y-%m-%d %H:%M UTC'); $(fdmux_cpu_model), $(fdmux_ncpus) CPUs; kernel $(uname -r); $("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p'); load average before $load_before, after $(fdmux_loadavg); command: benchmarks/run-micro.sh$passes_note${*:+ $*}"
"$JAVA" -cp "$JAR" io.github.fdmux.bench.micro.JmhReport --header "### $header" "${files[@]}" | tee "$HERE/target/micro-results.md"
