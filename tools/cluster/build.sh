#!/usr/bin/env bash
# Build the local cluster's programs from their pinned Go modules into .cache/cluster/bin/.
# Each program is rebuilt only when its module's go.mod/go.sum (or the Go version) changes: a stamp
# beside the binary holds the hash it was built from.
#   tools/cluster/build.sh            build what is missing or stale, print one line per program
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${CLUSTER_BIN:-$root/.cache/cluster/bin}
mkdir -p "$bin"
# Go's own build cache (~/.cache/go-build) is kept: a later checkout on this machine builds warm.
export GOFLAGS=-mod=mod CGO_ENABLED=0
command -v go >/dev/null || { echo "cluster build: Go is missing (the machine's Go 1.26 is needed: Debian's golang is too old)" >&2; exit 1; }

stamp_of() { # stamp_of MODULE_DIR LDFLAGS -> hash of what the build depends on
  cat "$here/$1/go.mod" "$here/$1/go.sum" <(go version) <(echo "$2") | sha256sum | cut -c1-16
}

build() { # build MODULE_DIR LDFLAGS PACKAGE... (binary names = last path element)
  local dir=$1 ldflags=$2; shift 2
  local stamp names=() p
  stamp=$(stamp_of "$dir" "$ldflags")
  for p in "$@"; do names+=("${p##*/}"); done
  local stale=0
  for n in "${names[@]}"; do
    [ -x "$bin/$n" ] && [ "$(cat "$bin/$n.stamp" 2>/dev/null)" = "$stamp" ] || stale=1
  done
  if [ $stale = 0 ]; then
    echo "· $dir: cached (${names[*]})"
    return
  fi
  local started=$SECONDS
  echo "· $dir: building ${names[*]} (go build)"
  (cd "$here/$dir" && go build -trimpath -ldflags "-s -w $ldflags" -o "$bin/" "$@")
  for n in "${names[@]}"; do echo "$stamp" > "$bin/$n.stamp"; done
  echo "· $dir: built in $((SECONDS - started))s"
}

# The Kubernetes release is the one k8s.io/kubernetes is pinned to; the version flags make the
# binaries report it (kubectl version, node info) as an official build would.
k8s_version=$(cd "$here/kubernetes" && go list -m -f '{{.Version}}' k8s.io/kubernetes)
[[ "$k8s_version" =~ ^v1\.[0-9]+\.[0-9]+$ ]] || { echo "cluster build: cannot read the k8s.io/kubernetes pin ($k8s_version)" >&2; exit 1; }
minor=$(echo "$k8s_version" | cut -d. -f2)
vpkg=k8s.io/component-base/version
build kubernetes "-X $vpkg.gitVersion=$k8s_version -X $vpkg.gitMajor=1 -X $vpkg.gitMinor=$minor -X $vpkg.gitTreeState=clean -X $vpkg.buildDate=1970-01-01T00:00:00Z" \
  k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
  k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubelet k8s.io/kubernetes/cmd/kube-proxy \
  k8s.io/kubernetes/cmd/kubectl
build kube-router "" github.com/cloudnativelabs/kube-router/v2/cmd/kube-router
build coredns "" github.com/coredns/coredns
build traefik "" github.com/traefik/traefik/v3/cmd/traefik

# The pod sandbox ("pause") from the same Kubernetes module's C source, linked statically.
src=$(cd "$here/kubernetes" && go list -m -f '{{.Dir}}' k8s.io/kubernetes)/build/pause/linux/pause.c
stamp=$(sha256sum "$src" | cut -c1-16)
if [ "$(cat "$bin/pause.stamp" 2>/dev/null)" != "$stamp" ]; then
  command -v gcc >/dev/null || { echo "cluster build: gcc is missing (apt-get install gcc libc6-dev)" >&2; exit 1; }
  gcc -Os -static -o "$bin/pause" "$src" "-DVERSION=\"$k8s_version\""
  echo "$stamp" > "$bin/pause.stamp"
  echo "· pause: built from $src"
else
  echo "· pause: cached"
fi
