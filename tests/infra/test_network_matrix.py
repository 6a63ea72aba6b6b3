"""The NetworkPolicy allow matrix (ARCHITECTURE.md §7), computed from the rendered policies.

All six charts are rendered together into namespace property-platform (for default, dev and prod
values). Endpoints: every rendered pod template (by its labels), the CloudNativePG instances of every
rendered Cluster, and synthetic pods for Traefik, the OpenTelemetry collector, kube-dns, the CNPG
operator, a stray pod in the namespace and a pod in another namespace, plus the Kubernetes API server
and an internet address. For every source, destination and destination port the computed verdict must
equal the matrix: every listed edge allowed, every other edge denied. Each side is also checked on
its own, so that a one-sided rule outside the matrix (an egress the callee does not accept, an ingress
the caller may not use) fails too: it is an allow rule nobody asked for.

Beyond §7's rows, two edges are expected because CloudNativePG cannot work without them (see
docs/kubernetes.md): database instances to the other instances of the same Cluster on 5432
(replication) and to the Kubernetes API server (the instance manager watches its Cluster).
"""

from __future__ import annotations

import pytest
from conftest import CHARTS, DJANGO_CHARTS, ENVS, NAMESPACE, PORTAL_CHARTS
from netpol_reachability import Endpoint, Network, Port
from workloads import of_kind, pod_templates

TCP = "TCP"
DNS_PORTS = [Port(53, "UDP"), Port(53, TCP)]
COLLECTOR_PORTS = [Port(4317), Port(4318)]


def endpoints_for(docs: list[dict]) -> dict[str, Endpoint]:
    found: dict[str, Endpoint] = {}
    for pod in pod_templates(docs):
        labels = pod.labels
        key = f"{labels['app.kubernetes.io/name']}/{labels['app.kubernetes.io/component']}"
        ports = [
            Port(p["containerPort"], p.get("protocol", TCP), p.get("name", ""))
            for c in pod.spec["containers"]
            for p in c.get("ports", [])
        ] or [Port(8080)]  # a Job listens on nothing; probe an arbitrary port
        assert key not in found, f"two pod templates share the labels {key}"
        found[key] = Endpoint(key, NAMESPACE, labels, ports=ports)
    for cluster in of_kind(docs, "Cluster"):
        name = cluster["metadata"]["name"]
        chart = cluster["metadata"]["labels"]["app.kubernetes.io/name"]
        found[f"{chart}/database"] = Endpoint(
            f"{chart}/database",
            NAMESPACE,
            {"cnpg.io/cluster": name, "cnpg.io/podRole": "instance", "role": "primary"},
            ports=[Port(5432), Port(8000)],
        )
    synthetic = [
        Endpoint("traefik", "traefik", {"app.kubernetes.io/name": "traefik"}, ports=[Port(8000), Port(8443)]),
        Endpoint(
            "collector",
            "observability",
            {"app.kubernetes.io/name": "opentelemetry-collector"},
            ports=COLLECTOR_PORTS,
        ),
        Endpoint("kube-dns", "kube-system", {"k8s-app": "kube-dns"}, ports=DNS_PORTS),
        Endpoint(
            "cnpg-operator", "cnpg-system", {"app.kubernetes.io/name": "cloudnative-pg"}, ports=[Port(9443)]
        ),
        Endpoint("stray-pod", NAMESPACE, {"run": "debug"}, ports=[Port(8080), Port(5432)]),
        Endpoint("other-namespace", "default", {"app": "other"}, ports=[Port(8080)]),
        Endpoint("kube-apiserver", ip="10.96.0.1", ports=[Port(443), Port(6443)]),
        Endpoint("internet", ip="93.184.216.34", ports=[Port(80), Port(443)]),
    ]
    found.update({e.key: e for e in synthetic})
    return found


def expected_edges(endpoints: dict[str, Endpoint]) -> set[tuple[str, str, Port]]:
    """The matrix of ARCHITECTURE.md §7 over the given endpoints."""
    edges: set[tuple[str, str, Port]] = set()

    def allow(src: str, dst: str, ports: list[Port]) -> None:
        assert src in endpoints and dst in endpoints, f"matrix names a missing endpoint: {src} -> {dst}"
        edges.update((src, dst, p) for p in ports)

    in_namespace = [k for k, e in endpoints.items() if e.is_pod and e.namespace == NAMESPACE]
    workloads = [k for k in in_namespace if k.split("/")[0] in CHARTS and not k.endswith("/database")]
    # every pod -> kube-dns 53 UDP/TCP
    for src in in_namespace:
        allow(src, "kube-dns", DNS_PORTS)
    # traefik -> bff, the portals, the admin Deployments
    for dst in ["bff/api", "tenant-portal/web", "market-portal/web"] + [f"{c}/admin" for c in DJANGO_CHARTS]:
        allow("traefik", dst, endpoints[dst].ports)
    # portals -> bff
    for portal in PORTAL_CHARTS:
        allow(f"{portal}/web", "bff/api", [Port(8000)])
    # bff -> the three services' API pods
    for service in ("property-service", "financial-service", "maintenance-service"):
        allow("bff/api", f"{service}/api", [Port(8000)])
    # financial-service (API and rent-run pods) -> property-service API pods
    allow("financial-service/api", "property-service/api", [Port(8000)])
    allow("financial-service/rent-run", "property-service/api", [Port(8000)])
    # each service, its migration Job, its admin (and its CronJobs) -> its own database
    for service in DJANGO_CHARTS:
        for src in workloads:
            if src.startswith(f"{service}/"):
                allow(src, f"{service}/database", [Port(5432)])
    # every workload -> the collector
    for src in workloads:
        allow(src, "collector", COLLECTOR_PORTS)
    # the CNPG operator -> the database pods
    for db in (k for k in in_namespace if k.endswith("/database")):
        allow("cnpg-operator", db, [Port(8000), Port(5432)])
        # CloudNativePG itself: replication between instances, the instance manager -> API server
        allow(db, db, [Port(5432)])
        allow(db, "kube-apiserver", [Port(443), Port(6443)])
    return edges


def test_the_matrix_names_every_workload_pod() -> None:
    """Guards the test itself: the components it reasons about are the ones the charts render."""
    assert set(DJANGO_CHARTS) | set(PORTAL_CHARTS) == set(CHARTS)


@pytest.mark.parametrize("env", ENVS)
def test_network_policies_allow_exactly_the_matrix(renders, env) -> None:
    docs = [d for chart in CHARTS for d in renders[(chart, env)].docs]
    endpoints = endpoints_for(docs)
    expected = {
        "property-service/api",
        "property-service/admin",
        "property-service/migrate",
        "financial-service/api",
        "financial-service/admin",
        "financial-service/migrate",
        "financial-service/rent-run",
        "financial-service/mark-overdue",
        "maintenance-service/api",
        "maintenance-service/admin",
        "maintenance-service/migrate",
        "bff/api",
        "bff/admin",
        "bff/migrate",
        "tenant-portal/web",
        "market-portal/web",
        "property-service/database",
        "financial-service/database",
        "maintenance-service/database",
        "bff/database",
    }
    assert expected <= set(endpoints), f"missing endpoints: {sorted(expected - set(endpoints))}"
    network = Network(of_kind(docs, "NetworkPolicy"), NAMESPACE)
    allowed_edges = expected_edges(endpoints)

    wrong_allowed, wrong_denied, stray_egress, stray_ingress = [], [], [], []
    for src in endpoints.values():
        for dst in endpoints.values():
            if NAMESPACE not in (src.namespace, dst.namespace):
                continue  # neither end is governed by this namespace's policies
            for port in dst.ports:
                edge = f"{src.key} -> {dst.key}:{port.number}/{port.protocol}"
                wanted = (src.key, dst.key, port) in allowed_edges
                verdict = network.allows(src, dst, port)
                if verdict and not wanted:
                    wrong_allowed.append(edge)
                elif wanted and not verdict:
                    wrong_denied.append(edge)
                if not wanted and src.namespace == NAMESPACE and network.egress_allows(src, dst, port):
                    stray_egress.append(edge)
                if not wanted and dst.namespace == NAMESPACE and network.ingress_allows(src, dst, port):
                    stray_ingress.append(edge)
    message = ""
    for title, edges in (
        ("allowed but not in the matrix", wrong_allowed),
        ("in the matrix but denied", wrong_denied),
        ("egress allowed by the source's policies but not in the matrix", stray_egress),
        ("ingress allowed by the destination's policies but not in the matrix", stray_ingress),
    ):
        if edges:
            message += f"{title}:\n  " + "\n  ".join(sorted(edges)) + "\n"
    assert not message, message


def test_evaluator_sees_an_unrestricted_namespace_as_open() -> None:
    """Without policies everything is reachable: the evaluator does not deny by itself."""
    a = Endpoint("a", NAMESPACE, {"x": "1"}, ports=[Port(80)])
    b = Endpoint("b", NAMESPACE, {"x": "2"}, ports=[Port(80)])
    assert Network([], NAMESPACE).allows(a, b, Port(80))
