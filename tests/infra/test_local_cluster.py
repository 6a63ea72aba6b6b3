"""The local native cluster's tooling (tools/cluster), checked without starting it: the Kubernetes pin
is consistent, and the add-on manifests are valid Kubernetes objects. `make test-cluster` runs the
cluster itself (docs/kubernetes.md)."""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import REPO_ROOT
from schema_validation import supported_kubernetes_versions, validate_builtin

TOOLS = REPO_ROOT / "tools" / "cluster"
MANIFESTS = sorted((TOOLS / "manifests").glob("*.yaml"))
# Placeholders cluster.sh fills in before applying.
STAMPS = {"@DNS_SERVICE_IP@": "10.96.0.10", "@N@": "1", "@PATH@": "/var/lib/x", "@NODE@": "pp-node"}


def stamped(manifest) -> list[dict]:
    text = manifest.read_text()
    for placeholder, value in STAMPS.items():
        text = text.replace(placeholder, value)
    return [d for d in yaml.safe_load_all(text) if d]


def go_mod(module: str) -> str:
    return (TOOLS / module / "go.mod").read_text()


def test_every_kubernetes_staging_module_is_pinned_to_the_matching_release() -> None:
    text = go_mod("kubernetes")
    release = re.search(r"^\s*k8s\.io/kubernetes (v1\.(\d+)\.(\d+))(?: // indirect)?$", text, re.M)
    assert release, "tools/cluster/kubernetes/go.mod must require k8s.io/kubernetes v1.X.Y"
    staging = f"v0.{release.group(2)}.{release.group(3)}"
    replaces = dict(re.findall(r"^\s*(k8s\.io/[\w-]+) => k8s\.io/[\w-]+ (v\S+)$", text, re.M))
    assert len(replaces) >= 25, (
        "the staging modules need replace lines (k8s.io/kubernetes points them at v0.0.0)"
    )
    wrong = {m: v for m, v in replaces.items() if v != staging}
    assert not wrong, f"staging modules not at {staging}: {wrong}"
    for program in (
        "kube-apiserver",
        "kube-controller-manager",
        "kube-scheduler",
        "kubelet",
        "kube-proxy",
        "kubectl",
    ):
        assert f"k8s.io/kubernetes/cmd/{program}\n" in text, f"{program} is not a tool of the module"


@pytest.mark.parametrize(
    ("module", "requirement"),
    [
        ("kube-router", "github.com/cloudnativelabs/kube-router/v2"),
        ("coredns", "github.com/coredns/coredns"),
        ("traefik", "github.com/traefik/traefik/v3"),
    ],
)
def test_each_addon_is_one_pinned_module(module: str, requirement: str) -> None:
    text = go_mod(module)
    assert re.search(rf"^\s*{re.escape(requirement)} v\d+\.\d+\.\d+(?: // indirect)?$", text, re.M), (
        f"{requirement} is not pinned"
    )
    assert (TOOLS / module / "go.sum").is_file(), f"tools/cluster/{module}/go.sum is missing"


@pytest.mark.parametrize("manifest", MANIFESTS, ids=lambda p: p.name)
def test_addon_manifests_are_strictly_valid(manifest) -> None:
    docs = stamped(manifest)
    assert docs, f"{manifest.name} holds no object"
    minor = re.search(r"k8s\.io/kubernetes v1\.(\d+)\.", go_mod("kubernetes")).group(1)
    version = f"1.{minor}"  # the release the cluster runs
    assert version in supported_kubernetes_versions()
    errors = [e for d in docs for e in validate_builtin(d, version)]
    assert not errors, "\n".join(errors)


def test_addon_pods_are_hardened() -> None:
    for manifest in MANIFESTS:
        for doc in stamped(manifest):
            if doc["kind"] != "Deployment":
                continue
            for c in doc["spec"]["template"]["spec"]["containers"]:
                sc = c["securityContext"]
                name = f"{manifest.name}: {doc['metadata']['name']}/{c['name']}"
                assert sc["readOnlyRootFilesystem"] is True, name
                assert sc["allowPrivilegeEscalation"] is False, name
                assert sc["capabilities"]["drop"] == ["ALL"], name
                assert set(sc["capabilities"].get("add", [])) <= {"NET_BIND_SERVICE"}, name
                assert "resources" in c and "readinessProbe" in c, name
