"""The NetworkPolicy matrix, enforced: the twin of tests/infra/test_network_matrix.py on a real cluster.

The static test evaluates the rendered policies with NetworkPolicy semantics; this one lets the
cluster's enforcement (kube-router's firewall: iptables + ipset on the node) decide. For every pod
template the charts installed (from `helm get manifest`), plus Traefik, kube-dns, the collector, the
CNPG operator, a stray pod and a pod of another namespace, a probe pod with exactly those labels runs
in that namespace and listens on that pod's ports. From each probe every destination:port is tried
(TCP handshake; DNS query for kube-dns, which is the real CoreDNS), and the outcome must equal the
matrix of ARCHITECTURE.md §7 (tests/infra/network_matrix.py): every edge connects, nothing else does.

The probes are never Ready, so Services (which select the same labels) never send them traffic, and
no controller adopts them (ReplicaSets also select pod-template-hash, Jobs their controller-uid).
Not probed: a pod to itself (traffic that never leaves the pod), the internet (no test may send traffic off this machine) and the API server's own port
6443 (the node's address stands in for it and is not a NetworkPolicy peer of §7).

The last two tests show that the probe sees a change: one allow rule removed, one extra edge added.
"""

from __future__ import annotations

import contextlib
import copy
import json
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from kube import NAMESPACE, apply, deployed_manifests, kubectl, kubectl_json, wait
from netpol_reachability import Endpoint, Port
from network_matrix import endpoints_for, expected_edges

PROBE_IMAGE = "property-platform/bff:dev"  # any project image with Python
PROBE_LABEL = "network-probe"
PROBE_SOURCE = (Path(__file__).parent / "probe.py").read_text()
API_SERVER = "kube-apiserver"
NOT_PROBED = {"internet"}

Edge = tuple[str, str, Port]


def slug(key: str) -> str:
    return "probe-" + re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")


def probe_pod(endpoint: Endpoint) -> dict:
    ports = [f"{p.number}/{p.protocol}" for p in endpoint.ports if p.protocol == "TCP"]
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "name": slug(endpoint.key),
            "namespace": endpoint.namespace,
            "labels": {**endpoint.labels, PROBE_LABEL: "true"},
        },
        "spec": {
            "automountServiceAccountToken": False,
            "enableServiceLinks": False,
            "terminationGracePeriodSeconds": 0,
            "securityContext": {
                "runAsNonRoot": True,
                "runAsUser": 10001,
                "seccompProfile": {"type": "RuntimeDefault"},
            },
            "containers": [
                {
                    "name": "probe",
                    "image": PROBE_IMAGE,
                    "imagePullPolicy": "Never",
                    "command": ["python", "/probe/probe.py", "listen", *ports],
                    # Never Ready: the Services that select these labels must not route to a probe.
                    "readinessProbe": {"exec": {"command": ["false"]}, "periodSeconds": 60},
                    "resources": {"requests": {"cpu": "5m", "memory": "24Mi"}, "limits": {"memory": "64Mi"}},
                    "securityContext": {
                        "allowPrivilegeEscalation": False,
                        "readOnlyRootFilesystem": True,
                        "capabilities": {"drop": ["ALL"]},
                    },
                    "volumeMounts": [{"name": "probe", "mountPath": "/probe"}],
                }
            ],
            "volumes": [{"name": "probe", "configMap": {"name": PROBE_LABEL}}],
        },
    }


@dataclass
class Probes:
    endpoints: dict[str, Endpoint]
    addresses: dict[str, str]  # endpoint key -> the IP probed as that destination
    pods: dict[str, tuple[str, str]]  # endpoint key -> (namespace, probe pod name)

    def targets(self, src: str) -> list[tuple[str, Port]]:
        source = self.endpoints[src]
        found = []
        for dst in self.endpoints.values():
            # A pod's traffic to its own address never leaves its network namespace: no NetworkPolicy
            # applies to it (Kubernetes' own netpol e2e tests leave it out too).
            if dst.key in NOT_PROBED or dst.key == src or NAMESPACE not in (source.namespace, dst.namespace):
                continue
            for port in dst.ports:
                if dst.key == API_SERVER and port.number != 443:
                    continue
                found.append((dst.key, port))
        return found

    def reachable(self, src: str, targets: list[tuple[str, Port]]) -> set[Edge]:
        namespace, pod = self.pods[src]
        spec = json.dumps([[self.addresses[dst], port.number, port.protocol] for dst, port in targets])
        out = kubectl(
            "-n", namespace, "exec", pod, "--", "python", "/probe/probe.py", "connect", spec, timeout=60
        )
        return {(src, dst, port) for (dst, port), ok in zip(targets, json.loads(out), strict=True) if ok}

    def observe(self, sources: list[str] | None = None) -> tuple[set[Edge], set[Edge]]:
        """(every edge tried, the edges that connected), from the given sources or all of them."""
        sources = sources or sorted(self.pods)
        tried = {(src, dst, port) for src in sources for dst, port in self.targets(src)}
        with ThreadPoolExecutor(max_workers=4) as pool:
            connected = set().union(*pool.map(lambda s: self.reachable(s, self.targets(s)), sources))
        return tried, connected


def describe(edges: set[Edge]) -> str:
    return "\n  ".join(sorted(f"{s} -> {d}:{p.number}/{p.protocol}" for s, d, p in edges))


@pytest.fixture(scope="module")
def probes():
    endpoints = endpoints_for(deployed_manifests())
    pods = {k: e for k, e in endpoints.items() if e.is_pod}
    namespaces = sorted({e.namespace for e in pods.values()})
    for ns in namespaces:
        apply([{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}}])
    kubectl("delete", "pods", "-A", "-l", PROBE_LABEL, "--wait=true", "--timeout=60s")
    apply(
        [
            {
                "apiVersion": "v1",
                "kind": "ConfigMap",
                "metadata": {"name": PROBE_LABEL, "namespace": ns},
                "data": {"probe.py": PROBE_SOURCE},
            }
            for ns in namespaces
        ]
        + [probe_pod(e) for e in pods.values()]
    )

    def running() -> dict[str, str] | None:
        items = kubectl_json("get", "pods", "-A", "-l", PROBE_LABEL)["items"]
        ips = {
            p["metadata"]["name"]: p["status"].get("podIP")
            for p in items
            if p["status"].get("phase") == "Running"
        }
        return ips if len(ips) == len(pods) and all(ips.values()) else None

    ips = wait(running, "every probe pod Running", seconds=180, every=2)
    addresses = {key: ips[slug(key)] for key in pods}
    # kube-dns as a destination is the real CoreDNS (a probe cannot listen on 53 without root).
    dns = kubectl_json("-n", "kube-system", "get", "pods", "-l", "k8s-app=kube-dns")["items"]
    addresses["kube-dns"] = next(
        p["status"]["podIP"] for p in dns if PROBE_LABEL not in p["metadata"]["labels"]
    )
    addresses[API_SERVER] = kubectl_json("-n", "default", "get", "service", "kubernetes")["spec"]["clusterIP"]
    yield Probes(endpoints, addresses, {k: (e.namespace, slug(k)) for k, e in pods.items()})
    kubectl("delete", "pods", "-A", "-l", PROBE_LABEL, "--wait=false")


def test_the_enforced_matrix_is_exactly_the_architecture(probes: Probes) -> None:
    tried, connected = probes.observe()
    expected = expected_edges(probes.endpoints) & tried
    assert len(tried) > 300, f"only {len(tried)} edges tried: the probe set is incomplete"
    missing, extra = expected - connected, connected - expected
    assert not missing and not extra, (
        f"in the matrix but refused ({len(missing)}):\n  {describe(missing)}\n"
        f"connected but not in the matrix ({len(extra)}):\n  {describe(extra)}"
    )


def change_is_seen(probes: Probes, sources: list[str], want: set[Edge]) -> set[Edge]:
    """Observe the given sources until the cluster shows `want` as the difference from the matrix
    (policy changes reach the node within seconds); return the difference last seen."""
    expected = expected_edges(probes.endpoints)
    seen: set[Edge] = set()

    def differs() -> bool:
        nonlocal seen
        tried, connected = probes.observe(sources)
        seen = (expected & tried) ^ connected
        return seen == want

    with contextlib.suppress(AssertionError):
        wait(differs, "the policy change to be enforced", seconds=60, every=2)
    return seen


def test_the_probe_sees_one_allow_rule_removed(probes: Probes) -> None:
    """Drop financial-service from property-service's ingress: its API and rent-run pods lose that edge."""
    policy = kubectl_json("-n", NAMESPACE, "get", "networkpolicy", "property-service-api")
    original = copy.deepcopy(policy)
    for rule in policy["spec"]["ingress"]:
        rule["from"] = [
            p
            for p in rule.get("from", [])
            if p.get("podSelector", {}).get("matchLabels", {}).get("app.kubernetes.io/name")
            != "financial-service"
        ]
    policy["spec"]["ingress"] = [r for r in policy["spec"]["ingress"] if r["from"]]
    lost = {
        (s, d, p)
        for s, d, p in expected_edges(probes.endpoints)
        if s.startswith("financial-service/") and d == "property-service/api"
    }
    assert lost, "the matrix has no financial-service -> property-service edge to remove"
    sources = sorted({s for s, _, _ in lost})
    kubectl("replace", "-f", "-", input=json.dumps(policy))
    try:
        assert change_is_seen(probes, sources, lost) == lost
    finally:
        for key in ("resourceVersion", "uid", "creationTimestamp", "generation", "managedFields"):
            original["metadata"].pop(key, None)
        kubectl("replace", "-f", "-", input=json.dumps(original))
    assert change_is_seen(probes, sources, set()) == set(), "the restored rule is not enforced again"


def one_way_policy(name: str, direction: str, *, selected: dict, peer: dict, port: Port) -> dict:
    rule = {"to" if direction == "Egress" else "from": [{"podSelector": {"matchLabels": peer}}]}
    rule["ports"] = [{"protocol": port.protocol, "port": port.number}]
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": {"name": name, "namespace": NAMESPACE, "labels": {PROBE_LABEL: "true"}},
        "spec": {
            "podSelector": {"matchLabels": selected},
            "policyTypes": [direction],
            direction.lower(): [rule],
        },
    }


def test_the_probe_sees_one_extra_edge(probes: Probes) -> None:
    """Let maintenance-service call property-service (egress and ingress): a connection §7 forbids."""
    src, dst, port = "maintenance-service/api", "property-service/api", Port(8000)
    labels = {k: v for k, v in probes.endpoints[src].labels.items() if k.startswith("app.kubernetes.io/")}
    target = {k: v for k, v in probes.endpoints[dst].labels.items() if k.startswith("app.kubernetes.io/")}
    extra = [
        one_way_policy("probe-extra-egress", "Egress", selected=labels, peer=target, port=port),
        one_way_policy("probe-extra-ingress", "Ingress", selected=target, peer=labels, port=port),
    ]
    want = {(src, dst, port)}
    assert not want & expected_edges(probes.endpoints)
    apply(extra)
    try:
        assert change_is_seen(probes, [src], want) == want
    finally:
        kubectl("-n", NAMESPACE, "delete", "networkpolicy", "-l", PROBE_LABEL)
    assert change_is_seen(probes, [src], set()) == set(), (
        "the extra edge is still open after its policies went"
    )
