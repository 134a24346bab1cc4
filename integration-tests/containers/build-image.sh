#!/usr/bin/env bash
# Builds the local image the container tests run in: Debian bookworm (minbase) with a headless JRE,
# made from Debian packages by debootstrap and loaded with `docker import` - no registry involved.
#
# The tag is a hash of this file (the suite, variant and package list all live here), so an image is
# built once per set of inputs and reused; changing any input here gives a new tag.
#
# Usage:
#   build-image.sh               build the image unless it is already loaded (Linux, as root)
#   build-image.sh --print-tag   print the image name the tests use, build nothing
#   build-image.sh --via-docker  run debootstrap inside a Debian container instead (macOS with
#                                Docker Desktop or colima; any host without debootstrap or root).
#                                It pulls FDMUX_BUILDER_IMAGE (default debian:bookworm) once, and
#                                gives it CAP_SYS_ADMIN (debootstrap mounts /proc in the new root).
#
# The same inputs and the same Debian packages give the same layer, byte for byte (its diff id),
# whichever way it is built: file times are fixed, and the one file that records its build time is
# left out. A Debian point release changes the packages but not the tag: to take it, remove the
# image (docker rmi) and build again.
set -euo pipefail

SUITE=bookworm
VARIANT=minbase
PACKAGES=openjdk-17-jre-headless
MIRROR="${FDMUX_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
# Every file in the image gets this mtime, so the same packages give the same tar stream.
EPOCH=1704067200

SELF="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"
HASH="$(sha256sum "$SELF" 2>/dev/null || shasum -a 256 "$SELF")"
IMAGE="fdmux-it/${SUITE}-jre:${HASH:0:12}"

log() { echo "build-image: $*" >&2; }

case "${1:-}" in
  --print-tag)
    echo "$IMAGE"
    exit 0
    ;;
  --rootfs-tar)
    # Internal: write the root filesystem as a tar stream on stdout (runs where debootstrap runs).
    dir="$(mktemp -d /tmp/fdmux-rootfs.XXXXXX)"
    trap 'rm -rf "$dir"' EXIT
    debootstrap --variant="$VARIANT" --include="$PACKAGES" "$SUITE" "$dir" "$MIRROR" >&2
    # What a running system regenerates, and what only makes two builds differ: among them the Java
    # trust store, which ca-certificates-java stamps with the build time (the tests use no TLS and
    # run without a network).
    rm -rf "$dir"/etc/ssl/certs/java/cacerts "$dir"/var/cache/apt/*.bin "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/* \
      "$dir"/var/log/* "$dir"/usr/share/doc/* "$dir"/usr/share/man/* "$dir"/usr/share/locale/* \
      "$dir"/tmp/* "$dir"/root/.cache "$dir"/etc/machine-id "$dir"/var/cache/ldconfig/aux-cache
    # debootstrap copies these from the machine that builds (content and mode); Docker mounts its own.
    for f in etc/machine-id etc/hostname etc/resolv.conf; do
      rm -f "${dir:?}/$f" && : > "$dir/$f" && chmod 644 "$dir/$f"
    done
    # pwconv dates every account's last password change to the day of the build.
    sed -i -E "s/^([^:]*:[^:]*:)[0-9]+:/\1$((EPOCH / 86400)):/" "$dir"/etc/shadow
    # The directory the tests copy the suite into; created here so a read-only root can mount over it.
    mkdir -p "$dir"/opt/fdmux
    # pax without atime, ctime or the PID in its header names: the tar stream depends on the files only.
    tar --sort=name --mtime="@$EPOCH" --numeric-owner --xattrs --format=posix \
      --pax-option='exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime' -C "$dir" -c .
    exit 0
    ;;
esac

if ! command -v docker >/dev/null 2>&1; then
  log "no docker command on PATH: install Docker (Linux: apt-get install docker.io; macOS: Docker Desktop or colima)"
  exit 1
fi
if ! docker info >/dev/null 2>&1; then
  log "no Docker engine answers (docker info failed): start dockerd, Docker Desktop or colima first"
  exit 1
fi
if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  log "$IMAGE is already built"
  echo "$IMAGE"
  exit 0
fi

# Imports a finished tar only: a build that failed half-way must not leave an image under the tag.
import() {
  docker import \
    --change 'ENV LANG=C.UTF-8' \
    --change 'CMD ["/bin/bash"]' \
    --change "LABEL io.github.fdmux.image.inputs=${HASH:0:64}" \
    --message "fdmux container tests: debootstrap --variant=$VARIANT --include=$PACKAGES $SUITE" \
    "$1" "$IMAGE" >/dev/null
}

start=$(date +%s)
work="$(mktemp -d "${TMPDIR:-/tmp}/fdmux-image.XXXXXX")"
trap 'rm -rf "$work"' EXIT
if [ "${1:-}" = "--via-docker" ]; then
  builder="${FDMUX_BUILDER_IMAGE:-debian:bookworm}"
  log "building $IMAGE inside a $builder container"
  # --network host: the builder reaches the Debian mirror the way the host does.
  docker run --rm -i --cap-add SYS_ADMIN --security-opt seccomp=unconfined --security-opt apparmor=unconfined \
    --network host -v "$SELF:/build-image.sh:ro" "$builder" \
    bash -c 'set -e; export DEBIAN_FRONTEND=noninteractive
             apt-get update -qq >&2 && apt-get install -y -qq debootstrap >&2
             bash /build-image.sh --rootfs-tar' > "$work/rootfs.tar"
  import "$work/rootfs.tar"
elif [ -n "${1:-}" ]; then
  log "unknown option $1 (see the header of this file)"
  exit 2
else
  if [ "$(uname -s)" != Linux ]; then
    log "debootstrap needs Linux: on $(uname -s) run: bash $SELF --via-docker"
    exit 1
  fi
  if [ "$(id -u)" != 0 ]; then
    log "debootstrap needs root: run it as root (sudo), or: bash $SELF --via-docker"
    exit 1
  fi
  if ! command -v debootstrap >/dev/null 2>&1; then
    log "debootstrap is not installed: apt-get install debootstrap (or: bash $SELF --via-docker)"
    exit 1
  fi
  log "building $IMAGE with debootstrap"
  bash "$SELF" --rootfs-tar > "$work/rootfs.tar"
  import "$work/rootfs.tar"
fi
log "built $IMAGE in $(( $(date +%s) - start )) s ($(docker image inspect -f '{{.Size}}' "$IMAGE") bytes)"
echo "$IMAGE"
