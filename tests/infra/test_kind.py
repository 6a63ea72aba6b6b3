"""kind/: the cluster configuration (against a strict schema of kind's v1alpha4 Cluster, which has no
published JSON schema), the registry ConfigMap, and their agreement with Traefik's values, the workload
charts' NetworkPolicies and the images the Applications deploy."""

from __future__ import annotations

import re

import jsonschema
import pytest
from conftest import CHARTS, CHARTS_DIR, REPO_ROOT
from gitops import (
    apps_fixture,  # noqa: F401 (the `apps` fixture)
    chart_source,
    load_docs,
    load_yaml,
    platform_values,
)
from schema_validation import validate_builtin

KIND_DIR = REPO_ROOT / "kind"
CLUSTER = KIND_DIR / "cluster.yaml"

_PORT = {"type": "integer", "minimum": 1, "maximum": 65535}
# The fields of kind.x-k8s.io/v1alpha4 Cluster and Node (sigs.k8s.io/kind pkg/apis/config/v1alpha4),
# closed: a misspelt or invented field is an error, as kind itself rejects unknown fields.
KIND_CLUSTER_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["kind", "apiVersion", "nodes"],
    "properties": {
        "kind": {"const": "Cluster"},
        "apiVersion": {"const": "kind.x-k8s.io/v1alpha4"},
        "name": {"type": "string", "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"},
        "featureGates": {"type": "object", "additionalProperties": {"type": "boolean"}},
        "runtimeConfig": {"type": "object", "additionalProperties": {"type": "string"}},
        "networking": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "ipFamily": {"enum": ["ipv4", "ipv6", "dual"]},
                "apiServerPort": _PORT,
                "apiServerAddress": {"type": "string"},
                "podSubnet": {"type": "string"},
                "serviceSubnet": {"type": "string"},
                "disableDefaultCNI": {"type": "boolean"},
                "kubeProxyMode": {"enum": ["iptables", "ipvs", "nftables", "none"]},
                "dnsSearch": {"type": "array", "items": {"type": "string"}},
            },
        },
        "kubeadmConfigPatches": {"type": "array", "items": {"type": "string"}},
        "kubeadmConfigPatchesJSON6902": {"type": "array", "items": {"type": "object"}},
        "containerdConfigPatches": {"type": "array", "items": {"type": "string"}},
        "containerdConfigPatchesJSON6902": {"type": "array", "items": {"type": "string"}},
        "nodes": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["role"],
                "properties": {
                    "role": {"enum": ["control-plane", "worker"]},
                    "image": {"type": "string"},
                    "labels": {"type": "object", "additionalProperties": {"type": "string"}},
                    "extraMounts": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["hostPath", "containerPath"],
                            "properties": {
                                "hostPath": {"type": "string"},
                                "containerPath": {"type": "string"},
                                "readOnly": {"type": "boolean"},
                                "selinuxRelabel": {"type": "boolean"},
                                "propagation": {"enum": ["None", "HostToContainer", "Bidirectional"]},
                            },
                        },
                    },
                    "extraPortMappings": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["containerPort", "hostPort"],
                            "properties": {
                                "containerPort": _PORT,
                                "hostPort": _PORT,
                                "listenAddress": {"type": "string"},
                                "protocol": {"enum": ["TCP", "UDP", "SCTP"]},
                            },
                        },
                    },
                    "kubeadmConfigPatches": {"type": "array", "items": {"type": "string"}},
                    "kubeadmConfigPatchesJSON6902": {"type": "array", "items": {"type": "object"}},
                },
            },
        },
    },
}


@pytest.fixture(scope="module")
def cluster() -> dict:
    return load_yaml(CLUSTER)


def up_sh_constant(name: str) -> str:
    text = (KIND_DIR / "up.sh").read_text()
    match = re.search(rf'^readonly {name}="([^"]*)"$', text, re.MULTILINE)
    assert match, f"kind/up.sh defines no {name}"
    return match.group(1)


def test_cluster_config_is_a_valid_kind_cluster(cluster) -> None:
    jsonschema.validate(cluster, KIND_CLUSTER_SCHEMA)


def test_the_kind_schema_rejects_unknown_fields(cluster) -> None:
    """The schema above can fail: an unknown field anywhere is an error."""
    broken = {**cluster, "nodes": [{**cluster["nodes"][0], "extraPortMapping": []}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, KIND_CLUSTER_SCHEMA)


def test_node_image_is_pinned_by_digest(cluster) -> None:
    for node in cluster["nodes"]:
        assert re.fullmatch(r"kindest/node:v\d+\.\d+\.\d+@sha256:[0-9a-f]{64}", node["image"]), node["image"]


def test_node_kubernetes_version_is_one_the_charts_are_validated_for(cluster) -> None:
    from test_charts import KUBERNETES_VERSIONS

    (version,) = {re.search(r":v(\d+\.\d+)\.", n["image"]).group(1) for n in cluster["nodes"]}
    assert version in KUBERNETES_VERSIONS


def test_cluster_name_is_the_one_up_sh_uses(cluster) -> None:
    up = (KIND_DIR / "up.sh").read_text()
    assert f"KIND_CLUSTER_NAME:-{cluster['name']}" in up
    assert f"KIND_CLUSTER_NAME:-{cluster['name']}" in (KIND_DIR / "down.sh").read_text()


def test_host_ports_80_and_443_reach_traefiks_entry_points(cluster, apps) -> None:
    """kind maps host 80/443 to the node's 80/443; Traefik binds them as hostPorts on that node."""
    traefik = platform_values(apps, "traefik")
    ingress_nodes = [n for n in cluster["nodes"] if n.get("labels", {}).get("ingress-ready") == "true"]
    assert len(ingress_nodes) == 1, "exactly one node is labelled ingress-ready=true"
    mappings = {(m["hostPort"], m["containerPort"]) for m in ingress_nodes[0]["extraPortMappings"]}
    host_ports = {name: port["hostPort"] for name, port in traefik["ports"].items() if port.get("hostPort")}
    assert host_ports == {"web": 80, "websecure": 443}
    assert {(port, port) for port in host_ports.values()} == mappings
    assert all(m.get("listenAddress") == "127.0.0.1" for m in ingress_nodes[0]["extraPortMappings"])
    # Traefik runs on that node, and may on a control-plane one.
    assert traefik["nodeSelector"] == {"ingress-ready": "true"}
    assert {
        "key": "node-role.kubernetes.io/control-plane",
        "operator": "Exists",
        "effect": "NoSchedule",
    } in traefik["tolerations"]


def test_traefik_can_roll_on_one_node_with_host_ports(apps) -> None:
    traefik = platform_values(apps, "traefik")
    assert traefik["updateStrategy"]["rollingUpdate"] == {"maxUnavailable": 1, "maxSurge": 0}
    assert traefik["service"] == {"enabled": False}, "no LoadBalancer Service stuck <pending> on Kind"


def test_traefik_dashboard_is_off_and_crd_provider_on(apps) -> None:
    traefik = platform_values(apps, "traefik")
    assert traefik["api"]["dashboard"] is False
    assert traefik["ingressRoute"]["dashboard"]["enabled"] is False
    assert traefik["providers"]["kubernetesCRD"]["enabled"] is True


def test_every_ingress_route_uses_an_entry_point_traefik_publishes(apps, helm, charts_copy) -> None:
    from gitops import run

    published = {
        name for name, port in platform_values(apps, "traefik")["ports"].items() if port.get("hostPort")
    }
    used: set[str] = set()
    routes = [d for f in (REPO_ROOT / "argocd" / "routes").glob("*.yaml") for d in load_docs(f.read_text())]
    for chart in CHARTS:
        proc = run(
            [
                helm,
                "template",
                chart,
                str(charts_copy / chart),
                "-n",
                "property-platform",
                "-f",
                str(charts_copy / chart / "values-dev.yaml"),
            ]
        )
        assert proc.returncode == 0, proc.stderr
        routes += [d for d in load_docs(proc.stdout) if d["kind"] == "IngressRoute"]
    for route in routes:
        used |= set(route["spec"]["entryPoints"])
    assert used and used <= published, f"entry points {used - published} are not bound on the Kind node"


@pytest.mark.parametrize(
    ("peer", "application"),
    [("traefik", "traefik"), ("cnpgOperator", "cloudnative-pg"), ("collector", "opentelemetry-collector")],
)
def test_network_policies_find_the_platform_where_argocd_puts_it(apps, peer, application) -> None:
    """The workload charts allow Traefik, the CNPG operator and the collector by namespace and pod
    label; the Applications must deploy them there, with that app.kubernetes.io/name."""
    app = apps.applications[application]
    values = platform_values(apps, application)
    for chart in CHARTS:
        platform = load_yaml(CHARTS_DIR / chart / "values.yaml")["networkPolicy"]["platform"][peer]
        assert platform["namespace"] == app["spec"]["destination"]["namespace"], chart
        # Upstream charts label their pods app.kubernetes.io/name=<chart name> unless nameOverride says otherwise.
        assert platform["podLabels"] == {
            "app.kubernetes.io/name": values.get("nameOverride") or chart_source(app)["chart"]
        }, chart


def test_workloads_send_telemetry_to_the_collector_argocd_deploys(apps) -> None:
    app = apps.applications["opentelemetry-collector"]
    fullname = platform_values(apps, "opentelemetry-collector").get("fullnameOverride")
    for chart in CHARTS:
        endpoint = load_yaml(CHARTS_DIR / chart / "values.yaml")["otel"]["endpoint"]
        assert endpoint == f"http://{fullname}.{app['spec']['destination']['namespace']}:4318", chart


def test_registry_is_the_one_the_applications_pull_from(apps) -> None:
    port = up_sh_constant("REGISTRY_PORT")
    assert apps.values["images"]["registry"] == f"localhost:{port}"
    hosting = load_yaml(KIND_DIR / "local-registry-hosting.yaml")
    assert f'host: "localhost:{port}"' in hosting["data"]["localRegistryHosting.v1"]
    assert up_sh_constant("REGISTRY_NAME") == "kind-registry"
    assert re.fullmatch(r"registry:2\.\d+\.\d+", up_sh_constant("REGISTRY_IMAGE"))


def test_registry_configmap_is_a_valid_configmap() -> None:
    doc = load_yaml(KIND_DIR / "local-registry-hosting.yaml")
    assert (doc["metadata"]["namespace"], doc["metadata"]["name"]) == (
        "kube-public",
        "local-registry-hosting",
    )
    assert not validate_builtin(doc, "1.34")


def test_containerd_reads_the_registry_hosts_directory(cluster) -> None:
    patches = "\n".join(cluster["containerdConfigPatches"])
    assert 'config_path = "/etc/containerd/certs.d"' in patches
    assert "/etc/containerd/certs.d/localhost:${REGISTRY_PORT}" in (KIND_DIR / "up.sh").read_text()


def test_kind_version_is_pinned_in_up_sh_and_the_workflow() -> None:
    version = up_sh_constant("KIND_VERSION")
    assert re.fullmatch(r"v\d+\.\d+\.\d+", version)
    workflow = (REPO_ROOT / ".github" / "workflows" / "kind-e2e.yml").read_text()
    assert f"KIND_VERSION: {version}" in workflow
