#!/usr/bin/env bash
# make images: build the six workload images and print their sizes.
#   TAG=dev (default)  PUSH_REGISTRY=localhost:5001 (optional: also tag and push there, for Kind)
# Base images: the official ones when they can be pulled; otherwise docker/make-base-images.sh
# makes local stand-ins under the same names (the offline path, TOOLING.md).
set -euo pipefail
cd "$(dirname "$0")/.."
TAG=${TAG:-dev}
PYTHON_IMAGE=${PYTHON_IMAGE:-python:3.11-slim-bookworm}
NODE_IMAGE=${NODE_IMAGE:-node:22-bookworm-slim}
POSTGRES_IMAGE=${POSTGRES_IMAGE:-postgres:15-bookworm}

# BuildKit (build secrets) needs buildx with Docker 23+, or DOCKER_BUILDKIT=1 with Debian's 20.10 client.
DOCKER=${DOCKER:-docker}
if ! "$DOCKER" buildx version >/dev/null 2>&1 && [ -x /usr/bin/docker ]; then DOCKER=/usr/bin/docker; fi
export DOCKER_BUILDKIT=1
"$DOCKER" info >/dev/null 2>&1 || { echo "images: no Docker engine answers (start dockerd)" >&2; exit 1; }

missing=()
for image in "$PYTHON_IMAGE" "$NODE_IMAGE" "$POSTGRES_IMAGE"; do
  "$DOCKER" image inspect "$image" >/dev/null 2>&1 || timeout 60 "$DOCKER" pull -q "$image" >/dev/null 2>&1 || missing+=("$image")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "· base images not pullable (${missing[*]}): making local stand-ins from Debian packages"
  DOCKER="$DOCKER" docker/make-base-images.sh
fi

CA=${CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}
secret=(); [ -s "$CA" ] && secret=(--secret "id=ca,src=$CA")

build() { # build NAME DOCKERFILE ARG=VALUE...
  local name=$1 file=$2; shift 2
  local args=(); for a in "$@"; do args+=(--build-arg "$a"); done
  local started=$SECONDS
  "$DOCKER" build -q -f "$file" "${args[@]}" "${secret[@]}" -t "property-platform/$name:$TAG" . >/dev/null
  echo "· built property-platform/$name:$TAG in $((SECONDS - started))s"
  if [ -n "${PUSH_REGISTRY:-}" ]; then
    "$DOCKER" tag "property-platform/$name:$TAG" "$PUSH_REGISTRY/property-platform/$name:$TAG"
    "$DOCKER" push -q "$PUSH_REGISTRY/property-platform/$name:$TAG" >/dev/null
  fi
}

for project in property_service financial_service maintenance_service bff; do
  build "${project//_/-}" docker/django.Dockerfile "PROJECT=$project" "PYTHON_IMAGE=$PYTHON_IMAGE"
done
for portal in tenant-portal market-portal; do
  build "$portal" docker/portal.Dockerfile "PORTAL=$portal" "NODE_IMAGE=$NODE_IMAGE"
done

echo "Image sizes (target: 150 MB each):"
for name in property-service financial-service maintenance-service bff tenant-portal market-portal; do
  "$DOCKER" image inspect -f '{{.Size}}' "property-platform/$name:$TAG" | awk -v n="$name" '{printf "  %-22s %4.0f MB\n", n, $1/1e6}'
done
