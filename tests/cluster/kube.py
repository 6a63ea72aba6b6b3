"""Talking to the local native cluster (tools/cluster) from the tests: kubectl, helm and HTTP through
Traefik. Everything goes to addresses on this machine: the API server on the node's dummy interface,
Traefik on 127.0.0.1:80, pods on the CNI bridge."""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path
from typing import Any

import requests
import yaml
from network_matrix import CHARTS, NAMESPACE

REPO_ROOT = Path(__file__).resolve().parents[2]
BIN = Path(os.environ.get("CLUSTER_BIN", REPO_ROOT / ".cache" / "cluster" / "bin"))
KUBECONFIG = os.environ.get("KUBECONFIG", "/var/lib/property-platform-cluster/admin.kubeconfig")
RELEASES = CHARTS  # one release per chart, named like it (docs/kubernetes.md)
TRAEFIK = os.environ.get("CLUSTER_TRAEFIK_URL", "http://127.0.0.1:80")
TIMEOUT = 10


def kubectl(*args: str, input: str | None = None, check: bool = True, timeout: float = 120) -> str:
    result = subprocess.run(
        [str(BIN / "kubectl"), f"--kubeconfig={KUBECONFIG}", *args],
        input=input,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if check and result.returncode != 0:
        raise RuntimeError(f"kubectl {' '.join(args)}: {result.stderr.strip() or result.stdout.strip()}")
    return result.stdout


def kubectl_json(*args: str) -> Any:
    return json.loads(kubectl(*args, "-o", "json"))


def apply(objects: list[dict]) -> None:
    kubectl("apply", "-f", "-", input=json.dumps({"apiVersion": "v1", "kind": "List", "items": objects}))


def deployed_manifests() -> list[dict]:
    """What Helm installed, release by release (`helm get manifest`), as parsed documents."""
    helm = subprocess.run(
        [str(REPO_ROOT / "scripts" / "helm.sh")], capture_output=True, text=True, check=True
    ).stdout.strip()
    docs: list[dict] = []
    for release in RELEASES:
        out = subprocess.run(
            [helm, "get", "manifest", release, "-n", NAMESPACE, f"--kubeconfig={KUBECONFIG}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        docs.extend(d for d in yaml.safe_load_all(out) if d)
    return docs


def wait(predicate, what: str, seconds: float = 120, every: float = 1.0):
    deadline = time.monotonic() + seconds
    while True:
        value = predicate()
        if value:
            return value
        assert time.monotonic() < deadline, f"{what}: not within {seconds:.0f}s"
        time.sleep(every)


class Browser:
    """A client of the portals' hosts through Traefik. Cookies by hand: the BFF marks them Secure
    and this is plain HTTP on loopback (a browser treats *.localhost as secure; requests does not)."""

    def __init__(self, host: str) -> None:
        self.host = host
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        headers = {"Host": self.host, **kwargs.pop("headers", {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method != "GET" and "csrftoken" in self.cookies:
            headers["X-CSRFToken"] = self.cookies["csrftoken"]
            headers["Origin"] = f"http://{self.host}"
        response = requests.request(
            method, TRAEFIK + path, headers=headers, timeout=TIMEOUT, allow_redirects=False, **kwargs
        )
        self.cookies.update({c.name: c.value for c in response.cookies})
        return response
