#!/usr/bin/env bash
# Renders every Graphviz source docs/diagrams/*.dot to the SVG next to it, stamped with the SHA-256 of
# its source, which DiagramsTest compares (so the build itself needs no Graphviz).
# Needs Graphviz: apt-get install -y graphviz (Debian, Ubuntu) or brew install graphviz (macOS).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
command -v dot >/dev/null || { echo "render.sh: Graphviz 'dot' not found (apt-get install -y graphviz)" >&2; exit 1; }
for src in *.dot; do
  out="${src%.dot}.svg"
  sum="$( (sha256sum "$src" 2>/dev/null || shasum -a 256 "$src") | cut -d' ' -f1)"
  dot -Tsvg "$src" | awk -v stamp="<!-- fdmux diagram source sha256: $sum -->" \
    '/^<svg / && !done { print stamp; done = 1 } { print }' > "$out.tmp"
  mv "$out.tmp" "$out"
  echo "rendered $out from $src ($(dot -V 2>&1))"
done
