"""The observability chart, the OpenTelemetry Collector's values and Grafana Alloy's configuration.

- helm/charts/observability: lints, renders, every object is valid (Kubernetes schemas, the
  PrometheusRule CRD schema); the data sources link to each other; one ConfigMap per dashboard,
  labelled for Grafana's sidecar; generated files are up to date.
- platform/opentelemetry-collector/values.yaml: merged over the chart's defaults the way Helm does,
  the resulting collector configuration is valid for the OpenTelemetryCollector CRD schema and wired
  receivers → processors (in order) → exporters; personal data is hashed or replaced.
- platform/alloy/values.yaml: the Alloy configuration parses, pod logs flow to Loki, and one of our
  JSON log lines comes out with service and level as labels and trace_id as structured metadata.
"""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from alloy_config import Ref, parse, references
from schema_validation import crd_schema_path, validate_builtin, validate_custom

REPO_ROOT = Path(__file__).resolve().parents[2]
CHART = REPO_ROOT / "helm" / "charts" / "observability"
COLLECTOR_VALUES = REPO_ROOT / "platform" / "opentelemetry-collector" / "values.yaml"
ALLOY_VALUES = REPO_ROOT / "platform" / "alloy" / "values.yaml"
NAMESPACE = "observability"
KUBERNETES_VERSIONS = ("1.31", "1.34")


def _helm(helm: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([helm, *args], capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def rendered(helm) -> list[dict]:
    proc = _helm(helm, "template", "observability", str(CHART), "--namespace", NAMESPACE)
    assert proc.returncode == 0, proc.stderr
    return [d for d in yaml.safe_load_all(proc.stdout) if d]


def by_kind(docs: list[dict], kind: str) -> list[dict]:
    return [d for d in docs if d["kind"] == kind]


@pytest.fixture(scope="module")
def datasources(rendered) -> dict[str, dict]:
    (cm,) = [
        d for d in by_kind(rendered, "ConfigMap") if d["metadata"]["labels"].get("grafana_datasource") == "1"
    ]
    (text,) = cm["data"].values()
    provisioning = yaml.safe_load(text)
    assert provisioning["apiVersion"] == 1
    return {ds["uid"]: ds for ds in provisioning["datasources"]}


# ── the observability chart ───────────────────────────────────────────────────────────────────────
def test_chart_lints_strictly(helm) -> None:
    proc = _helm(helm, "lint", "--strict", str(CHART), "--namespace", NAMESPACE)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_values_schema_refuses_unknown_keys_and_bad_urls(helm) -> None:
    for bad in ("datasources.prometheus.urll=http://x", "datasources.tempo.url=tempo:3200"):
        proc = _helm(helm, "template", "x", str(CHART), "--set", bad)
        assert proc.returncode != 0, f"--set {bad} was accepted"


def test_generated_dashboards_and_rules_are_up_to_date() -> None:
    proc = subprocess.run(
        [sys.executable, str(CHART / "generate.py"), "--check"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, f"run helm/charts/observability/generate.py and commit:\n{proc.stderr}"


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
def test_every_object_is_valid(rendered, crd_schemas_dir, version) -> None:
    errors, custom = [], 0
    for doc in rendered:
        assert doc["metadata"]["namespace"] == NAMESPACE
        path = crd_schema_path(crd_schemas_dir, doc)
        if path is None:
            errors += [
                f"{doc['kind']}/{doc['metadata']['name']}: {e}" for e in validate_builtin(doc, version)
            ]
        else:
            custom += 1
            errors += [
                f"{doc['kind']}/{doc['metadata']['name']}: {e}" for e in validate_custom(doc, path, version)
            ]
    assert not errors, "\n".join(errors)
    assert custom == 1, "expected exactly the PrometheusRule as a custom resource"


def test_prometheus_rule_is_selected_and_holds_every_generated_group(rendered) -> None:
    (rule,) = by_kind(rendered, "PrometheusRule")
    assert rule["metadata"]["labels"]["release"] == "kube-prometheus-stack"
    generated = yaml.safe_load((CHART / "rules" / "slo.yaml").read_text())
    assert rule["spec"] == generated
    alerts = [r["alert"] for g in rule["spec"]["groups"] for r in g["rules"]]
    for job in ("PropertyService", "FinancialService", "MaintenanceService", "BFF"):
        assert {f"{job}ErrorBudgetFastBurn", f"{job}ErrorBudgetSlowBurn", f"{job}LatencyObjective"} <= set(
            alerts
        )
    for r in (r for g in rule["spec"]["groups"] for r in g["rules"]):
        assert r["labels"]["severity"] in ("critical", "warning")
        assert r["annotations"]["summary"] and r["annotations"]["dashboard"].startswith("/d/pp-")


def test_one_dashboard_configmap_per_json_file(rendered) -> None:
    files = sorted(p.name for p in (CHART / "dashboards").glob("*.json"))
    assert {
        "overview.json",
        "business.json",
        "property-service.json",
        "financial-service.json",
        "maintenance-service.json",
        "bff.json",
    } <= set(files)
    maps = [
        d for d in by_kind(rendered, "ConfigMap") if d["metadata"]["labels"].get("grafana_dashboard") == "1"
    ]
    assert sorted(k for cm in maps for k in cm["data"]) == files
    uids = set()
    for cm in maps:
        ((name, text),) = cm["data"].items()
        assert text == (CHART / "dashboards" / name).read_text().rstrip("\n")
        board = json.loads(text)
        assert board["uid"] not in uids
        uids.add(board["uid"])
        assert cm["metadata"]["annotations"]["grafana_folder"] == "Property platform"


@pytest.mark.parametrize("path", sorted((CHART / "dashboards").glob("*.json")), ids=lambda p: p.stem)
def test_dashboard_is_well_formed(path, datasources) -> None:
    board = json.loads(path.read_text())
    assert board["uid"].startswith("pp-") and len(board["uid"]) <= 40
    ids = [p["id"] for p in board["panels"]]
    assert len(ids) == len(set(ids)), "panel ids must be unique"
    cells: set[tuple[int, int]] = set()
    for panel in board["panels"]:
        pos = panel["gridPos"]
        assert pos["x"] + pos["w"] <= 24, panel["title"]
        for x in range(pos["x"], pos["x"] + pos["w"]):
            for y in range(pos["y"], pos["y"] + pos["h"]):
                assert (x, y) not in cells, f"{panel['title']} overlaps another panel"
                cells.add((x, y))
        if panel["type"] == "row":
            continue
        assert panel["targets"], panel["title"]
        for target in panel["targets"]:
            assert target["datasource"]["uid"] in datasources, f"{panel['title']}: unknown data source"
            assert target["datasource"]["type"] == datasources[target["datasource"]["uid"]]["type"]


def test_the_three_data_sources_are_linked(datasources) -> None:
    assert {uid: ds["type"] for uid, ds in datasources.items()} == {
        "prometheus": "prometheus",
        "loki": "loki",
        "tempo": "tempo",
    }
    assert [uid for uid, ds in datasources.items() if ds.get("isDefault")] == ["prometheus"]
    # Loki: the trace_id structured metadata of a line opens the trace in Tempo. Grafana expands
    # $VAR in provisioning files; $$ keeps the literal ${__value.raw} it needs.
    (field,) = datasources["loki"]["jsonData"]["derivedFields"]
    assert field == {
        "name": "trace_id",
        "matcherType": "label",
        "matcherRegex": "trace_id",
        "datasourceUid": "tempo",
        "url": "$${__value.raw}",
        "urlDisplayLabel": "Open trace",
    }
    tempo = datasources["tempo"]["jsonData"]
    assert tempo["tracesToLogsV2"]["datasourceUid"] == "loki"
    assert tempo["tracesToLogsV2"]["filterByTraceID"] is True
    # The span's service.name is the `service` label Alloy puts on log streams …
    assert {"key": "service.name", "value": "service"} in tempo["tracesToLogsV2"]["tags"]
    # … and the `job` label Prometheus gives the service's metrics.
    assert tempo["tracesToMetrics"]["datasourceUid"] == "prometheus"
    assert {"key": "service.name", "value": "job"} in tempo["tracesToMetrics"]["tags"]
    assert tempo["tracesToMetrics"]["queries"]
    assert tempo["lokiSearch"]["datasourceUid"] == "loki"


def test_data_source_urls_match_the_platform_services(datasources) -> None:
    """The URLs name the Services the platform values (issue 10) create."""
    assert datasources["prometheus"]["url"] == "http://kube-prometheus-stack-prometheus.observability:9090"
    assert datasources["loki"]["url"] == "http://loki.observability:3100"
    assert datasources["tempo"]["url"] == "http://tempo.observability:3200"
    kps = REPO_ROOT / "platform" / "kube-prometheus-stack" / "values.yaml"
    if kps.exists():
        values = yaml.safe_load(kps.read_text())
        assert values["prometheus"]["prometheusSpec"]["enableOTLPReceiver"] is True
        assert values["grafana"]["sidecar"]["datasources"]["defaultDatasourceEnabled"] is False


# ── OpenTelemetry Collector ───────────────────────────────────────────────────────────────────────
# The chart's default `config` (documented on the chart's page): Helm merges our values over it —
# maps merge, lists are replaced, a null deletes the key.
CHART_DEFAULT_CONFIG = {
    "exporters": {"debug": {}},
    "extensions": {"health_check": {"endpoint": "${env:MY_POD_IP}:13133"}},
    "processors": {
        "batch": {},
        "memory_limiter": {"check_interval": "5s", "limit_percentage": 80, "spike_limit_percentage": 25},
    },
    "receivers": {
        "jaeger": {
            "protocols": {
                "grpc": {"endpoint": "${env:MY_POD_IP}:14250"},
                "thrift_compact": {"endpoint": "${env:MY_POD_IP}:6831"},
                "thrift_http": {"endpoint": "${env:MY_POD_IP}:14268"},
            }
        },
        "otlp": {
            "protocols": {
                "grpc": {"endpoint": "${env:MY_POD_IP}:4317"},
                "http": {"endpoint": "${env:MY_POD_IP}:4318"},
            }
        },
        "prometheus": {
            "config": {
                "scrape_configs": [
                    {
                        "job_name": "opentelemetry-collector",
                        "scrape_interval": "10s",
                        "static_configs": [{"targets": ["${env:MY_POD_IP}:8888"]}],
                    }
                ]
            }
        },
        "zipkin": {"endpoint": "${env:MY_POD_IP}:9411"},
    },
    "service": {
        "extensions": ["health_check"],
        "pipelines": {
            "logs": {
                "exporters": ["debug"],
                "processors": ["memory_limiter", "batch"],
                "receivers": ["otlp"],
            },
            "metrics": {
                "exporters": ["debug"],
                "processors": ["memory_limiter", "batch"],
                "receivers": ["otlp", "prometheus"],
            },
            "traces": {
                "exporters": ["debug"],
                "processors": ["memory_limiter", "batch"],
                "receivers": ["otlp", "jaeger", "zipkin"],
            },
        },
    },
}
# Component types the collector image (opentelemetry-collector-contrib) provides that we use.
KNOWN_TYPES = {
    "receivers": {"otlp"},
    "processors": {"memory_limiter", "batch", "k8sattributes", "attributes", "transform"},
    "exporters": {"otlp", "otlphttp", "debug"},
    "extensions": {"health_check"},
}


def helm_merge(base: dict, override: dict) -> dict:
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = helm_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


@pytest.fixture(scope="module")
def collector_values() -> dict:
    return yaml.safe_load(COLLECTOR_VALUES.read_text())


@pytest.fixture(scope="module")
def collector_config(collector_values) -> dict:
    config = helm_merge(CHART_DEFAULT_CONFIG, collector_values["config"])
    if collector_values.get("presets", {}).get("kubernetesAttributes", {}).get("enabled"):
        # The preset prepends k8sattributes to pipelines that do not list it (chart ≥ 0.63 keeps our order).
        for pipeline in config["service"]["pipelines"].values():
            if "k8sattributes" not in pipeline.get("processors", []):
                pipeline["processors"] = ["k8sattributes", *pipeline.get("processors", [])]
    return config


def test_collector_config_is_valid_for_the_operator_schema(collector_config, crd_schemas_dir) -> None:
    doc = {
        "apiVersion": "opentelemetry.io/v1beta1",
        "kind": "OpenTelemetryCollector",
        "metadata": {"name": "otel-collector", "namespace": NAMESPACE},
        "spec": {"config": collector_config},
    }
    errors = validate_custom(doc, crd_schema_path(crd_schemas_dir, doc), "1.34")
    assert not errors, "\n".join(errors)


def test_collector_pipelines_are_wired_in_order(collector_config) -> None:
    pipelines = collector_config["service"]["pipelines"]
    assert set(pipelines) == {"traces", "metrics"}, "logs go through Alloy, not the collector"
    traces, metrics = pipelines["traces"], pipelines["metrics"]
    assert traces["receivers"] == metrics["receivers"] == ["otlp"]
    assert traces["processors"] == [
        "memory_limiter",
        "k8sattributes",
        "attributes/pii",
        "transform/pii",
        "batch",
    ]
    assert metrics["processors"] == ["memory_limiter", "k8sattributes", "attributes/pii", "batch"]
    assert traces["exporters"] == ["otlp/tempo"]
    assert metrics["exporters"] == ["otlphttp/prometheus"]


def test_every_component_in_a_pipeline_is_defined_and_known(collector_config) -> None:
    for pipeline in collector_config["service"]["pipelines"].values():
        for section in ("receivers", "processors", "exporters"):
            for name in pipeline.get(section, []):
                assert name in collector_config[section], f"{section}: {name} is used but not defined"
                assert name.split("/")[0] in KNOWN_TYPES[section], f"{section}: unknown type {name}"
    for name in collector_config["service"]["extensions"]:
        assert name in collector_config["extensions"]


def test_collector_receives_only_otlp_on_4317_and_4318(collector_config, collector_values) -> None:
    assert set(collector_config["receivers"]) == {"otlp"}
    protocols = collector_config["receivers"]["otlp"]["protocols"]
    assert protocols["grpc"]["endpoint"].endswith(":4317")
    assert protocols["http"]["endpoint"].endswith(":4318")
    disabled = {name for name, port in collector_values["ports"].items() if port.get("enabled") is False}
    assert {"jaeger-compact", "jaeger-thrift", "jaeger-grpc", "zipkin"} <= disabled


def test_collector_exports_to_tempo_and_prometheus_otlp(collector_config) -> None:
    tempo = collector_config["exporters"]["otlp/tempo"]
    assert tempo["endpoint"] == "tempo.observability:4317"
    prometheus = collector_config["exporters"]["otlphttp/prometheus"]
    url = urlsplit(prometheus["endpoint"])
    assert (url.hostname, url.port, url.path) == (
        "kube-prometheus-stack-prometheus.observability",
        9090,
        "/api/v1/otlp",
    )
    tempo_values = REPO_ROOT / "platform" / "tempo" / "values.yaml"
    if tempo_values.exists():
        grpc = yaml.safe_load(tempo_values.read_text())["tempo"]["receivers"]["otlp"]["protocols"]["grpc"]
        assert grpc["endpoint"].endswith(":4317")


def test_workloads_send_to_the_collector_service(collector_values) -> None:
    name = collector_values["fullnameOverride"]
    for values_file in sorted((REPO_ROOT / "helm" / "charts").glob("*/values.yaml")):
        otel = yaml.safe_load(values_file.read_text()).get("otel")
        if otel:
            url = urlsplit(otel["endpoint"])
            assert (url.hostname, url.port) == (f"{name}.{NAMESPACE}", 4318), values_file


def test_memory_limiter_first_batch_last_in_every_pipeline(collector_config) -> None:
    for pipeline in collector_config["service"]["pipelines"].values():
        assert pipeline["processors"][0] == "memory_limiter"
        assert pipeline["processors"][-1] == "batch"
    assert collector_config["processors"]["memory_limiter"]["limit_percentage"] <= 90


def test_identity_attributes_are_hashed_and_credentials_dropped(collector_config) -> None:
    actions = {a["key"]: a["action"] for a in collector_config["processors"]["attributes/pii"]["actions"]}
    for key in ("user.email", "user.name", "user.full_name", "user.phone", "enduser.id"):
        assert actions.get(key) == "hash", key
    for key in ("http.request.header.authorization", "http.request.header.cookie"):
        assert actions.get(key) == "delete", key


def _ottl_patterns(collector_config) -> list[tuple[str, str, str]]:
    """(function, regex, replacement) of every replace statement, OTTL string escapes undone."""
    found = []
    for group in collector_config["processors"]["transform/pii"]["trace_statements"]:
        for statement in group["statements"]:
            function = statement.split("(", 1)[0]
            literals = [json.loads(s) for s in re.findall(r'"(?:\\.|[^"\\])*"', statement)]
            found.append((function, literals[-2], literals[-1]))
    return found


def _apply(regex: str, replacement: str, text: str) -> str:
    # The collector expands $$ to $ when it loads its configuration; OTTL then expands $1 like Go.
    return re.sub(regex, replacement.replace("$$", "$").replace("$1", r"\1"), text)


def test_emails_names_and_phones_are_replaced_in_free_text(collector_config) -> None:
    patterns = _ottl_patterns(collector_config)
    email = next((r, s) for f, r, s in patterns if f == "replace_all_patterns")
    query = next((r, s) for f, r, s in patterns if f == "replace_pattern")
    assert _apply(*email, "applicant jane.doe+home@example.co.uk wrote") == "applicant [email] wrote"
    url = "/api/v1/listings/e0000000-0000-4000-8000-000000000001/?city=Lisbon&email=jo%40x.pt&phone=%2B351912345678&full_name=Jo+Silva"
    cleaned = _apply(*query, url)
    assert cleaned == (
        "/api/v1/listings/e0000000-0000-4000-8000-000000000001/?city=Lisbon"
        "&email=[redacted]&phone=[redacted]&full_name=[redacted]"
    )
    # Ids and other parameters are left alone.
    assert _apply(*email, "e0000000-0000-4000-8000-000000000001") == "e0000000-0000-4000-8000-000000000001"


def test_no_bare_dollar_that_the_collector_would_expand() -> None:
    text = COLLECTOR_VALUES.read_text()
    bare = re.findall(r"(?<!\$)\$(?!\$|\{env:)", text.replace("$$", ""))
    assert not bare, "a $ in the collector config is an environment expansion: write $$ for a literal $"


# ── Grafana Alloy ─────────────────────────────────────────────────────────────────────────────────
@pytest.fixture(scope="module")
def alloy_values() -> dict:
    return yaml.safe_load(ALLOY_VALUES.read_text())


@pytest.fixture(scope="module")
def alloy(alloy_values) -> dict:
    assert alloy_values["alloy"]["configMap"]["create"] is True
    return parse(alloy_values["alloy"]["configMap"]["content"])


def _forward_targets(block) -> list[str]:
    return [ref.rsplit(".", 1)[0] for ref in references(block.attributes.get("forward_to", []))]


def test_alloy_pipeline_runs_from_pods_to_loki(alloy) -> None:
    assert set(alloy) == {
        "discovery.kubernetes.pods",
        "discovery.relabel.pods",
        "loki.source.kubernetes.pods",
        "loki.process.json",
        "loki.write.loki",
    }
    assert alloy["discovery.kubernetes.pods"].attributes["role"] == "pod"
    assert "property-platform" in alloy["discovery.kubernetes.pods"].child("namespaces").attributes["names"]
    assert alloy["discovery.relabel.pods"].attributes["targets"] == Ref("discovery.kubernetes.pods.targets")
    assert alloy["loki.source.kubernetes.pods"].attributes["targets"] == Ref("discovery.relabel.pods.output")
    assert _forward_targets(alloy["loki.source.kubernetes.pods"]) == ["loki.process.json"]
    assert _forward_targets(alloy["loki.process.json"]) == ["loki.write.loki"]
    # Every reference points at a declared component.
    for block in alloy.values():
        for value in block.attributes.values():
            for ref in references(value):
                assert any(ref.startswith(f"{name}.") for name in alloy), ref


def test_alloy_writes_to_the_loki_the_data_source_reads(alloy, datasources) -> None:
    endpoint = alloy["loki.write.loki"].child("endpoint").attributes
    assert endpoint["url"] == datasources["loki"]["url"] + "/loki/api/v1/push"
    assert endpoint["tenant_id"] == "property-platform"


def run_alloy_stages(process, labels: dict[str, str], line: str) -> tuple[dict, dict]:
    """What loki.process does to one line, for the stages we use (json, labels, structured_metadata)."""
    extracted: dict[str, str] = {}
    metadata: dict[str, str] = {}
    labels = dict(labels)
    for stage in process.blocks:
        if stage.name == "stage.json":
            try:
                record = json.loads(line)
            except ValueError:
                continue
            for name, path in stage.attributes["expressions"].items():
                if (path or name) in record:
                    extracted[name] = str(record[path or name])
        elif stage.name == "stage.labels":
            for name, source in stage.attributes["values"].items():
                if (source or name) in extracted:
                    labels[name] = extracted[source or name]
        elif stage.name == "stage.structured_metadata":
            for name, source in stage.attributes["values"].items():
                if (source or name) in extracted:
                    metadata[name] = extracted[source or name]
        elif stage.name != "stage.timestamp":
            raise AssertionError(f"stage {stage.name} is not emulated here: extend run_alloy_stages")
    return labels, metadata


def test_one_of_our_json_log_lines_gets_labels_and_trace_metadata(alloy) -> None:
    """A line as servicekit.logs writes it, through the configured stages."""
    import logging

    from opentelemetry.sdk.trace import TracerProvider

    from servicekit.logs import ContextFilter, JsonFormatter

    record = logging.makeLogRecord(
        {"name": "billing", "levelno": 40, "levelname": "ERROR", "msg": "payment refused"}
    )
    tracer = TracerProvider().get_tracer("test")
    with tracer.start_as_current_span("pay") as span:
        ContextFilter("financial-service").filter(record)
        trace_id = f"{span.get_span_context().trace_id:032x}"
    line = JsonFormatter().format(record)

    labels, metadata = run_alloy_stages(
        alloy["loki.process.json"],
        {"namespace": "property-platform", "service": "financial-service-api"},
        line,
    )
    assert labels["service"] == "financial-service"  # the line's own service field wins
    assert labels["level"] == "ERROR"
    assert metadata["trace_id"] == trace_id
    assert "trace_id" not in labels and "request_id" not in labels, "one value per request: never a label"


def test_a_line_that_is_not_json_keeps_its_kubernetes_labels(alloy) -> None:
    labels, metadata = run_alloy_stages(
        alloy["loki.process.json"], {"service": "tenant-portal"}, "ready in 312ms"
    )
    assert labels == {"service": "tenant-portal"} and metadata == {}


def test_alloy_timestamps_come_from_the_line(alloy) -> None:
    (stage,) = alloy["loki.process.json"].children("stage.timestamp")
    assert stage.attributes["source"] == "time" and stage.attributes["format"] == "RFC3339"


def test_dashboard_log_queries_use_only_labels_alloy_sets(alloy) -> None:
    relabel = alloy["discovery.relabel.pods"]
    allowed = {
        rule.attributes["target_label"]
        for rule in relabel.children("rule")
        if "target_label" in rule.attributes
    }
    for stage in alloy["loki.process.json"].children("stage.labels"):
        allowed |= set(stage.attributes["values"])
    used = set()
    for path in (CHART / "dashboards").glob("*.json"):
        for panel in json.loads(path.read_text())["panels"]:
            for target in panel.get("targets", []):
                if target["datasource"]["type"] == "loki":
                    selector = re.match(r"^\{([^}]*)\}", target["expr"])
                    assert selector, target["expr"]
                    used |= {
                        m.group(1) for m in re.finditer(r'([a-z_]+)\s*(=~|!~|!=|=)\s*"', selector.group(1))
                    }
    assert used, "the dashboards have log panels"
    assert used <= allowed, f"labels Alloy does not set: {used - allowed}"


def test_alloy_runs_without_host_mounts(alloy_values) -> None:
    assert alloy_values["controller"]["type"] == "deployment"
    assert alloy_values["alloy"]["mounts"]["varlog"] is False
