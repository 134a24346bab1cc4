#!/usr/bin/env bash
# `mvn -P release verify` with a throwaway GnuPG key: the release profile signs every published artifact
# (the pom, the jar, sources and javadoc of fdmux-parent, -bom, -api, -unix, every backend, -conformance)
# and nothing of the modules that are not published (cli, examples, integration-tests, benchmarks).
# Nothing is uploaded: publishing happens in the deploy phase (docs/releasing.md). Needs gpg.
# Extra arguments go to Maven (e.g. -o). About 2 minutes without tests (-DskipTests is passed).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$FDMUX_ROOT"

command -v gpg >/dev/null || { echo "check-release: gpg is not installed (apt-get install gnupg, brew install gnupg)" >&2; exit 2; }
GNUPGHOME="$(mktemp -d)"
export GNUPGHOME
trap 'gpgconf --kill all >/dev/null 2>&1 || true; rm -rf "$GNUPGHOME"' EXIT
chmod 700 "$GNUPGHOME"
gpg --batch --quiet --pinentry-mode loopback --passphrase '' \
  --quick-generate-key 'fdmux throwaway release check <nobody@invalid>' ed25519 sign 1d 2>/dev/null
key="$(gpg --batch --list-secret-keys --with-colons 2>/dev/null | awk -F: '/^fpr/ {print $10; exit}')"

"$FDMUX_ROOT/mvnw" -B -q -P release clean verify -DskipTests -Dgpg.keyname="$key" "$@"

fail=0
for m in . $(fdmux_published_modules); do
  for f in "$m"/target/*.jar "$m"/target/*.pom; do
    [ -f "$f" ] || continue
    if ! gpg --batch --quiet --verify "$f.asc" "$f" 2>/dev/null; then
      echo "check-release: $f has no valid signature" >&2; fail=1
    fi
  done
  if ! ls "$m"/target/*.pom.asc >/dev/null 2>&1; then echo "check-release: no signed pom in $m/target" >&2; fail=1; fi
done
for m in $(sed -n 's|^ *<module>\(.*\)</module>.*|\1|p' pom.xml); do
  grep -q '<fdmux.publish.skip>true</fdmux.publish.skip>' "$m/pom.xml" || continue
  if ls "$m"/target/*.asc >/dev/null 2>&1; then echo "check-release: $m is not published but was signed" >&2; fail=1; fi
done
[ "$fail" = 0 ] && echo "check-release: every published artifact is signed; the other modules are not"
exit "$fail"
