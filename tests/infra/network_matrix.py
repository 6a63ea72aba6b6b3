"""The NetworkPolicy allow matrix of ARCHITECTURE.md §7 over the endpoints of rendered manifests.

    endpoints_for(docs) -> {key: Endpoint}       every pod the manifests run, plus the platform's
    expected_edges(endpoints) -> {(src, dst, Port)}  every connection the matrix allows

Shared by the static test (tests/infra/test_network_matrix.py: the rendered policies evaluated with
NetworkPolicy semantics) and the enforced one on a real cluster (tests/cluster). It imports neither
conftest (each suite has its own) nor pytest.

Endpoint keys: "<chart>/<component>" for every pod template (Deployment, StatefulSet, Job, CronJob),
"<chart>/database" for the chart's database in either mode: the CloudNativePG instances of a rendered
Cluster (labels cnpg.io/cluster..., ports 5432 and the instance manager's 8000) or the pods of the
PostgreSQL StatefulSet (database.statefulSet; its pod template's labels, port 5432). Synthetic: Traefik,
the OpenTelemetry collector, kube-dns, the CNPG operator, a stray pod in the namespace, a pod in another
namespace, the Kubernetes API server and an internet address.

Beyond §7's rows, CloudNativePG databases (only those) get the edges CNPG cannot work without (see
docs/kubernetes.md): the operator to the instances (8000, 5432), the instances to the other instances of
the same Cluster on 5432 (replication) and to the Kubernetes API server (the instance manager watches
its Cluster). A StatefulSet database has none of them: only its own chart's clients reach it.
"""

from __future__ import annotations

from netpol_reachability import Endpoint, Port
from workloads import of_kind, pod_templates

NAMESPACE = "property-platform"
DJANGO_CHARTS = ("property-service", "financial-service", "maintenance-service", "bff")
PORTAL_CHARTS = ("tenant-portal", "market-portal")
CHARTS = DJANGO_CHARTS + PORTAL_CHARTS

TCP = "TCP"
DNS_PORTS = [Port(53, "UDP"), Port(53, TCP)]
COLLECTOR_PORTS = [Port(4317), Port(4318)]
DATABASE = "database"
CNPG_CLUSTER_LABEL = "cnpg.io/cluster"


def is_cnpg_database(endpoint: Endpoint) -> bool:
    """A database endpoint made of CloudNativePG instances (as opposed to the StatefulSet mode)."""
    return CNPG_CLUSTER_LABEL in endpoint.labels


def endpoints_for(docs: list[dict]) -> dict[str, Endpoint]:
    """The endpoints of the rendered (or installed) manifests of the charts, plus the synthetic ones."""
    found: dict[str, Endpoint] = {}

    def add(endpoint: Endpoint) -> None:
        assert endpoint.key not in found, f"two endpoints share the key {endpoint.key}"
        found[endpoint.key] = endpoint

    for pod in pod_templates(docs):
        labels = pod.labels
        chart, component = labels["app.kubernetes.io/name"], labels["app.kubernetes.io/component"]
        # The StatefulSet database's pods carry component "database", so their key is "<chart>/database",
        # the key of a CNPG database; only that StatefulSet may use it.
        assert component != DATABASE or pod.kind == "StatefulSet", (
            f"{pod.kind}/{pod.name} claims the database component"
        )
        ports = [
            Port(p["containerPort"], p.get("protocol", TCP), p.get("name", ""))
            for c in pod.spec["containers"]
            for p in c.get("ports", [])
        ] or [Port(8080)]  # a Job listens on nothing; probe an arbitrary port
        add(Endpoint(f"{chart}/{component}", NAMESPACE, labels, ports=ports))
    for cluster in of_kind(docs, "Cluster"):
        name = cluster["metadata"]["name"]
        chart = cluster["metadata"]["labels"]["app.kubernetes.io/name"]
        add(
            Endpoint(
                f"{chart}/{DATABASE}",
                NAMESPACE,
                {CNPG_CLUSTER_LABEL: name, "cnpg.io/podRole": "instance", "role": "primary"},
                ports=[Port(5432), Port(8000)],
            )
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
    for endpoint in synthetic:
        add(endpoint)
    return found


def expected_edges(endpoints: dict[str, Endpoint]) -> set[tuple[str, str, Port]]:
    """The matrix of ARCHITECTURE.md §7 over the given endpoints."""
    edges: set[tuple[str, str, Port]] = set()

    def allow(src: str, dst: str, ports: list[Port]) -> None:
        assert src in endpoints and dst in endpoints, f"matrix names a missing endpoint: {src} -> {dst}"
        edges.update((src, dst, p) for p in ports)

    in_namespace = [k for k, e in endpoints.items() if e.is_pod and e.namespace == NAMESPACE]
    databases = [k for k in in_namespace if k.endswith(f"/{DATABASE}")]
    workloads = [k for k in in_namespace if k.split("/")[0] in CHARTS and k not in databases]
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
                allow(src, f"{service}/{DATABASE}", [Port(5432)])
    # every workload -> the collector
    for src in workloads:
        allow(src, "collector", COLLECTOR_PORTS)
    for db in databases:
        if not is_cnpg_database(endpoints[db]):
            continue  # a StatefulSet database: no operator, no replication, no API server
        # the CNPG operator -> the database pods
        allow("cnpg-operator", db, [Port(8000), Port(5432)])
        # CloudNativePG itself: replication between instances, the instance manager -> API server
        allow(db, db, [Port(5432)])
        allow(db, "kube-apiserver", [Port(443), Port(6443)])
    return edges
