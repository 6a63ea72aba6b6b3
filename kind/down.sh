#!/usr/bin/env bash
# Delete the local cluster made by kind/up.sh (`make kind-down`). The registry container kind-registry
# and its images stay, so the next kind/up.sh does not rebuild from scratch; --registry removes it too.
#
#   kind/down.sh [--registry]
#
# Environment: KIND_CLUSTER_NAME (property-platform).
set -euo pipefail

readonly REGISTRY_NAME="kind-registry"
cluster="${KIND_CLUSTER_NAME:-property-platform}"
remove_registry=""

while (($#)); do
  case "$1" in
    --registry) remove_registry=1; shift ;;
    -h | --help) printf 'usage: %s [--registry]\n' "$0"; exit 0 ;;
    *) printf 'usage: %s [--registry]\n' "$0" >&2; exit 2 ;;
  esac
done

missing=()
command -v kind >/dev/null 2>&1 || missing+=("kind: not found on PATH (https://kind.sigs.k8s.io/docs/user/quick-start/#installation)")
command -v docker >/dev/null 2>&1 || missing+=("docker: not found on PATH (https://docs.docker.com/engine/install/)")
if ((${#missing[@]})); then
  printf 'kind/down.sh: cannot run, %d tool(s) missing:\n' "${#missing[@]}" >&2
  printf '  - %s\n' "${missing[@]}" >&2
  exit 1
fi

clusters="$(kind get clusters 2>/dev/null || true)"
if grep -qx "${cluster}" <<<"${clusters}"; then
  kind delete cluster --name "${cluster}"
else
  printf '==> no cluster %s\n' "${cluster}"
fi

if [[ -n "${remove_registry}" ]] && docker inspect "${REGISTRY_NAME}" >/dev/null 2>&1; then
  docker rm -f "${REGISTRY_NAME}" >/dev/null
  printf '==> removed registry container %s\n' "${REGISTRY_NAME}"
fi
