#!/usr/bin/env bash
# Two clean builds of the published modules (and the CLI's executable jar) must give byte-identical jars:
# the sources, javadoc and class jars of fdmux-api, -unix, every backend, -conformance, and fdmux-cli's
# -all jar. Exits 1 and names the jars that differ. About 3 minutes (two builds without tests). Extra
# arguments go to Maven.
# project.build.outputTimestamp (pom.xml) is what makes it hold; see docs/releasing.md.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$FDMUX_ROOT"

modules="$(fdmux_published_modules | paste -sd, -),cli"
MAVEN_ARGS=("$@")
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

build() {
  local cmd=("$FDMUX_ROOT/mvnw" -B -q clean package -DskipTests -pl "$modules" -am ${MAVEN_ARGS[@]+"${MAVEN_ARGS[@]}"})
  "${cmd[@]}" -o >/dev/null 2>&1 || "${cmd[@]}" >&2
  find . -path ./.git -prune -o -path '*/target/*.jar' -print | grep -v '/original-' | sort \
    | xargs sha256sum >"$1"
}

echo "check-reproducible: first build ($modules) ..." >&2
build "$out/first"
sleep 2 # a different wall-clock second, so a timestamp that leaked into an archive would show
echo "check-reproducible: second build ..." >&2
build "$out/second"

count="$(wc -l <"$out/first")"
if [ "$count" -lt 10 ]; then
  echo "check-reproducible: only $count jars were built; expected the library jars" >&2
  exit 1
fi
if diff "$out/first" "$out/second" >"$out/diff"; then
  echo "check-reproducible: $count jars, byte-identical in two clean builds"
else
  echo "check-reproducible: jars differ between two clean builds:" >&2
  cat "$out/diff" >&2
  exit 1
fi
