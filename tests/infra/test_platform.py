"""platform/*/values.yaml of the upstream charts Argo CD deploys: they parse, and they say what the rest of
the platform relies on (the upstream charts themselves are not fetched here: the Kind workflow renders
and runs them)."""

from __future__ import annotations

import re

from conftest import REPO_ROOT
from gitops import (
    apps_fixture,  # noqa: F401 (the `apps` fixture)
    chart_source,
    load_yaml,
    platform_values,
)


def test_prometheus_selects_monitors_and_rules_from_every_namespace(apps) -> None:
    spec = platform_values(apps, "kube-prometheus-stack")["prometheus"]["prometheusSpec"]
    for kind in ("serviceMonitor", "podMonitor", "probe", "scrapeConfig", "rule"):
        assert spec[f"{kind}SelectorNilUsesHelmValues"] is False, kind


def test_prometheus_accepts_pushed_metrics(apps) -> None:
    """The collector exports OTLP to Prometheus (platform/opentelemetry-collector/values.yaml)."""
    spec = platform_values(apps, "kube-prometheus-stack")["prometheus"]["prometheusSpec"]
    assert spec["enableOTLPReceiver"] is True
    assert spec["enableRemoteWriteReceiver"] is True
    exporter = platform_values(apps, "opentelemetry-collector")["config"]["exporters"]["otlphttp/prometheus"]
    release = chart_source(apps.applications["kube-prometheus-stack"])["helm"]["releaseName"]
    namespace = apps.applications["kube-prometheus-stack"]["spec"]["destination"]["namespace"]
    assert exporter["endpoint"] == f"http://{release}-prometheus.{namespace}:9090/api/v1/otlp"


def test_grafana_admin_password_comes_from_the_secret_up_sh_creates(apps) -> None:
    admin = platform_values(apps, "kube-prometheus-stack")["grafana"]["admin"]
    up = (REPO_ROOT / "kind" / "up.sh").read_text()
    assert f"create secret generic {admin['existingSecret']}" in up
    assert f"--from-literal={admin['userKey']}=admin" in up
    assert f"--from-file={admin['passwordKey']}=/dev/stdin" in up
    assert "adminPassword" not in platform_values(apps, "kube-prometheus-stack")["grafana"]


def test_grafana_sidecars_load_dashboards_and_data_sources_from_every_namespace(apps) -> None:
    sidecar = platform_values(apps, "kube-prometheus-stack")["grafana"]["sidecar"]
    observability = load_yaml(REPO_ROOT / "helm" / "charts" / "observability" / "values.yaml")["grafana"]
    for kind, label in (
        ("dashboards", observability["dashboardLabel"]),
        ("datasources", observability["datasourceLabel"]),
    ):
        assert sidecar[kind]["enabled"] is True
        assert sidecar[kind]["searchNamespace"] == "ALL"
        assert (sidecar[kind]["label"], sidecar[kind]["labelValue"]) == (label, "1")
    # The dashboards go to the folder the observability chart names in this annotation.
    assert sidecar["dashboards"]["folderAnnotation"] == "grafana_folder"
    # The observability chart provides Prometheus (uid prometheus) itself, linked to Loki and Tempo.
    assert sidecar["datasources"]["defaultDatasourceEnabled"] is False


def test_kind_only_scrape_targets_are_off(apps) -> None:
    values = platform_values(apps, "kube-prometheus-stack")
    for component in ("kubeEtcd", "kubeControllerManager", "kubeScheduler", "kubeProxy"):
        assert values[component]["enabled"] is False, component


def test_loki_is_a_single_binary_on_the_filesystem(apps) -> None:
    values = platform_values(apps, "loki")
    assert values["deploymentMode"] in ("Monolithic", "SingleBinary")
    assert values["loki"]["storage"]["type"] == "filesystem"
    assert values["singleBinary"]["replicas"] == 1
    for target in ("backend", "read", "write"):
        assert values[target]["replicas"] == 0, target
    assert values["loki"]["limits_config"]["allow_structured_metadata"] is True, (
        "Alloy sends trace_id as metadata"
    )


def test_tempo_is_monolithic_and_receives_otlp(apps) -> None:
    values = platform_values(apps, "tempo")
    protocols = values["tempo"]["receivers"]["otlp"]["protocols"]
    assert protocols["grpc"]["endpoint"].endswith(":4317") and protocols["http"]["endpoint"].endswith(":4318")
    assert values["tempo"]["storage"]["trace"]["backend"] == "local"
    exporter = platform_values(apps, "opentelemetry-collector")["config"]["exporters"]["otlp/tempo"]
    namespace = apps.applications["tempo"]["spec"]["destination"]["namespace"]
    assert exporter["endpoint"] == f"tempo.{namespace}:4317"


def test_alloy_ships_pod_logs_to_the_loki_argocd_deploys(apps) -> None:
    text = (REPO_ROOT / "platform" / "alloy" / "values.yaml").read_text()
    namespace = apps.applications["loki"]["spec"]["destination"]["namespace"]
    urls = re.findall(r'url\s*=\s*"([^"]+)"', text)
    assert f"http://loki.{namespace}:3100/loki/api/v1/push" in urls


def test_cnpg_operator_watches_every_namespace_and_brings_its_crds(apps) -> None:
    values = platform_values(apps, "cloudnative-pg")
    assert values["crds"]["create"] is True
    assert values["config"]["clusterWide"] is True
