"""The NetworkPolicy allow matrix (ARCHITECTURE.md §7), computed from the rendered policies.

All six charts are rendered together into namespace property-platform (for default, dev, prod and
local values). Endpoints and the matrix come from network_matrix.py (endpoints_for, expected_edges):
every rendered pod template (by its labels), each chart's database (CloudNativePG instances or, with
the local values, the PostgreSQL StatefulSet's pods), and synthetic pods for Traefik, the OpenTelemetry
collector, kube-dns, the CNPG operator, a stray pod in the namespace and a pod in another namespace,
plus the Kubernetes API server and an internet address. For every source, destination and destination
port the computed verdict must equal the matrix: every listed edge allowed, every other edge denied.
Each side is also checked on its own, so that a one-sided rule outside the matrix (an egress the callee
does not accept, an ingress the caller may not use) fails too: it is an allow rule nobody asked for.
"""

from __future__ import annotations

import conftest
import network_matrix
import pytest
from conftest import CHARTS, DJANGO_CHARTS, ENVS, NAMESPACE
from netpol_reachability import Endpoint, Network, Port
from network_matrix import endpoints_for, expected_edges, is_cnpg_database
from workloads import of_kind


def test_the_matrix_names_every_workload_pod() -> None:
    """Guards the test itself: the charts the matrix reasons about are the ones the suite renders."""
    assert set(network_matrix.DJANGO_CHARTS) | set(network_matrix.PORTAL_CHARTS) == set(network_matrix.CHARTS)
    for name in ("NAMESPACE", "DJANGO_CHARTS", "PORTAL_CHARTS", "CHARTS"):
        assert getattr(network_matrix, name) == getattr(conftest, name), name


@pytest.mark.parametrize("env", ENVS)
def test_each_database_is_found_in_its_mode(renders, env) -> None:
    """CNPG Clusters except with the local values, where every Django chart runs a StatefulSet."""
    docs = [d for chart in CHARTS for d in renders[(chart, env)].docs]
    endpoints = endpoints_for(docs)
    for chart in DJANGO_CHARTS:
        db = endpoints[f"{chart}/database"]
        assert is_cnpg_database(db) == (env != "local"), f"{chart}: {db.labels}"
        assert [p.number for p in db.ports] == ([5432] if env == "local" else [5432, 8000])
    statefulsets = of_kind(docs, "StatefulSet")
    assert len(statefulsets) == (len(DJANGO_CHARTS) if env == "local" else 0)
    assert not (env == "local" and of_kind(docs, "Cluster"))


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
