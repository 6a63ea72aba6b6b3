"""The cluster tier: tests against the local native Kubernetes cluster (make test-cluster brings it up
and deploys the six charts first; see docs/kubernetes.md)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
# The static matrix (endpoints from rendered pod templates, the edges of ARCHITECTURE.md §7) is the
# one definition both the static and the enforced NetworkPolicy tests check.
sys.path.insert(1, str(HERE.parent / "infra"))

from kube import NAMESPACE, kubectl  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def cluster() -> None:
    try:
        kubectl("get", "--raw", "/readyz", timeout=10)
    except Exception as error:
        pytest.fail(
            f"no local cluster answers ({error}); run `make test-cluster` or tools/cluster/cluster.sh up"
        )
    deployments = kubectl("-n", NAMESPACE, "get", "deployments", "-o", "name").split()
    if len(deployments) < 10:
        pytest.fail(f"the six charts are not deployed (found {deployments}); run tools/cluster/deploy.sh")
