#!/usr/bin/env bash
# The cluster's own images, each one static binary from .cache/cluster/bin on an empty base:
# property-platform/pause:local (the pod sandbox), property-platform/coredns:local,
# property-platform/traefik:local. The six workload images come from `make images`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${CLUSTER_BIN:-$root/.cache/cluster/bin}
DOCKER=${DOCKER:-docker}
if ! "$DOCKER" buildx version >/dev/null 2>&1 && [ -x /usr/bin/docker ]; then DOCKER=/usr/bin/docker; fi
export DOCKER_BUILDKIT=1

image() { # image NAME BINARY ENTRYPOINT-JSON USER
  local name=$1 binary=$2 entrypoint=$3 user=$4 ctx
  ctx=$(mktemp -d)
  cp "$bin/$binary" "$ctx/$binary"
  printf 'FROM scratch\nCOPY %s /%s\nUSER %s\nENTRYPOINT %s\n' "$binary" "$binary" "$user" "$entrypoint" > "$ctx/Dockerfile"
  "$DOCKER" build -q -t "$name" "$ctx" >/dev/null
  rm -rf "$ctx"
  echo "· $name ($(du -m "$bin/$binary" | cut -f1) MB binary)"
}
image property-platform/pause:local pause '["/pause"]' 65535
image property-platform/coredns:local coredns '["/coredns"]' 0
image property-platform/traefik:local traefik '["/traefik"]' 65532
