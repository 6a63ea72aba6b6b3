#!/usr/bin/env bash
# Install the six charts into the local cluster the way an operator would, and wait until every
# Deployment is Available.
#
#   tools/cluster/deploy.sh            images into containerd, then helm upgrade --install --wait per chart
#   tools/cluster/deploy.sh seed       fresh demo data: flush each service's database and run seed_demo
#
# Values: values.yaml + values-dev.yaml (as on Kind) + tools/cluster/values-local.yaml (what differs
# on this cluster: no CloudNativePG operator, images from `make images`).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
NAMESPACE=property-platform
TAG=${TAG:-dev}
WORKLOADS=(property-service financial-service maintenance-service bff tenant-portal market-portal)
DJANGO_WORKLOADS=(property-service financial-service maintenance-service bff)
eval "$("$here/cluster.sh" env)"
BIN=${CLUSTER_BIN:-$root/.cache/cluster/bin}
kubectl() { "$BIN/kubectl" "$@"; }
say() { printf '==> %s\n' "$*"; }

# flush empties the model tables only; the cache table (the BFF's throttle counts, keyed by the one
# client IP every journey comes from) is emptied too, or a second run within the hour is refused 429.
RESET='python manage.py flush --noinput && python manage.py shell -c "from django.core.cache import cache; cache.clear()" && python manage.py seed_demo'

seed_one() { # seed_one WORKLOAD: retried, because on a restarted node the kubelet and the pods'
  # containers come back a little after the API server still reports the old pods Available.
  local attempt
  for attempt in $(seq 1 24); do
    if kubectl -n "$NAMESPACE" exec "deploy/$1" -c api -- sh -c "$RESET" >/dev/null; then
      return 0
    fi
    echo "  · $1: not ready for exec yet (attempt $attempt), retrying in 5 s" >&2
    sleep 5
  done
  return 1
}

seed() {
  # The journeys expect the demo data as seed_demo makes it: empty the tables (migrations stay), then
  # seed. The four databases are independent, so all at once.
  local name pids=()
  for name in "${DJANGO_WORKLOADS[@]}"; do
    seed_one "$name" &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid"; done
  echo "  · demo data in ${DJANGO_WORKLOADS[*]}"
}

if [ "${1:-}" = seed ]; then seed; exit 0; fi

HELM=$("$root/scripts/helm.sh")
started=$SECONDS
say "images into the cluster's containerd"
for name in "${WORKLOADS[@]}"; do "$here/cluster.sh" import "property-platform/$name:$TAG"; done
"$here/cluster.sh" import postgres:15-bookworm

kubectl create namespace "$NAMESPACE" --dry-run=client -o yaml | kubectl apply -f - >/dev/null
for name in "${WORKLOADS[@]}"; do
  chart=$root/helm/charts/$name
  [ -d "$chart/charts" ] || "$HELM" dependency build "$chart" >/dev/null
  s=$SECONDS
  "$HELM" upgrade --install "$name" "$chart" -n "$NAMESPACE" \
    -f "$chart/values.yaml" -f "$chart/values-dev.yaml" -f "$here/values-local.yaml" \
    --set image.tag="$TAG" --wait --timeout 10m >/dev/null
  echo "  · $name: installed, Available in $((SECONDS - s))s"
done
kubectl -n "$NAMESPACE" wait deployment --all --for=condition=Available --timeout=300s >/dev/null
kubectl -n "$NAMESPACE" get deployments
say "six charts deployed in $((SECONDS - started))s"
