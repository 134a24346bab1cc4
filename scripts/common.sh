# Sourced by ./fdmux, benchmarks/run-macro.sh and benchmarks/run-micro.sh: where things are, building a
# jar when it is missing or older than the sources, the JVM flags fdmux wants, and facts about the host
# (Linux and macOS). Bash; the caller sets `set -euo pipefail`.

FDMUX_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FDMUX_JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

# fdmux_jar DIR PATTERN: the newest file matching PATTERN in DIR (e.g. 'fdmux-cli-*-all.jar', whatever the
# version), or nothing.
fdmux_jar() {
  local newest="" f
  for f in "$1"/$2; do
    [ -f "$f" ] || continue
    if [ -z "$newest" ] || [ "$f" -nt "$newest" ]; then newest="$f"; fi
  done
  printf '%s' "$newest"
}

# fdmux_stale JAR: true when JAR is missing or a pom or main source is newer than it.
fdmux_stale() {
  [ -z "$1" ] || [ ! -f "$1" ] && return 0
  [ -n "$(find "$FDMUX_ROOT" -path "$FDMUX_ROOT/.git" -prune -o \( -name pom.xml -o -path '*/src/main/*' \) \
    -newer "$1" -print -quit)" ]
}

# fdmux_built_jar WHO MODULE DIR PATTERN: the jar fdmux_jar finds in DIR, built first (fdmux_build WHO MODULE)
# when it is missing or stale; the one place ./fdmux and the benchmark scripts decide to build.
fdmux_built_jar() {
  local jar
  jar="$(fdmux_jar "$3" "$4")"
  if fdmux_stale "$jar"; then
    fdmux_build "$1" "$2" || return
    jar="$(fdmux_jar "$3" "$4")"
  fi
  printf '%s' "$jar"
}

# fdmux_build WHO MODULE: packages MODULE (and what it needs) without tests, offline first (works without a
# network once ~/.m2 has everything), through the Maven Wrapper so that a JDK is all a machine needs.
fdmux_build() {
  echo "$1: building $2 (first run, or sources changed) ..." >&2
  # -Denforcer.skip: this builds something to run, not to check (mvn verify enforces the build rules).
  local build=("$FDMUX_ROOT/mvnw" -B -q -f "$FDMUX_ROOT/pom.xml" package -pl "$2" -am -DskipTests -Denforcer.skip=true
    -Dmaven.javadoc.skip=true -Dmaven.source.skip=true)
  "${build[@]}" -o >/dev/null 2>&1 || "${build[@]}" >&2
}

# fdmux_java_major: the feature release of $FDMUX_JAVA (17, 21, 25, ...).
fdmux_java_major() {
  local v
  v="$("$FDMUX_JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  printf '%s' "${v%%.*}"
}

# fdmux_jvm_opts: sets the array FDMUX_JVM_OPTS to the flags of docs/guide.md#install for the class path: the
# export that lets fdmux read a channel's fd without sun.misc.Unsafe, and native access for jffi on JDK 22+.
fdmux_jvm_opts() {
  FDMUX_JVM_OPTS=(--add-exports java.base/sun.nio.ch=ALL-UNNAMED)
  if [ "$(fdmux_java_major)" -ge 22 ] 2>/dev/null; then FDMUX_JVM_OPTS+=(--enable-native-access=ALL-UNNAMED); fi
}

# fdmux_loadavg: the 1, 5 and 15 minute load averages (Linux /proc, else sysctl on macOS and the BSDs).
fdmux_loadavg() {
  if [ -r /proc/loadavg ]; then
    cut -d' ' -f1-3 /proc/loadavg
  else
    sysctl -n vm.loadavg 2>/dev/null | tr -d '{}' | awk '{print $1, $2, $3}'
  fi
}

# fdmux_cpu_model: the CPU's name.
fdmux_cpu_model() {
  if [ -r /proc/cpuinfo ]; then
    sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1
  else
    sysctl -n machdep.cpu.brand_string 2>/dev/null || uname -m
  fi
}

# fdmux_ncpus: online CPUs.
fdmux_ncpus() {
  getconf _NPROCESSORS_ONLN 2>/dev/null || nproc 2>/dev/null || sysctl -n hw.ncpu
}

# fdmux_published_modules: the reactor's modules (pom.xml <module> entries) that are published, i.e. whose
# pom does not set fdmux.publish.skip, one directory per line (bom, api, unix, the backends, conformance).
fdmux_published_modules() {
  local m
  for m in $(sed -n 's|^ *<module>\(.*\)</module>.*|\1|p' "$FDMUX_ROOT/pom.xml"); do
    grep -q '<fdmux.publish.skip>true</fdmux.publish.skip>' "$FDMUX_ROOT/$m/pom.xml" || echo "$m"
  done
}
