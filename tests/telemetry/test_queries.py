"""Every dashboard panel, alert and data-source query parses as PromQL and asks only for series the
code emits (servicekit.metrics, translated to Prometheus names), with labels those series carry.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import promql_parser
import pytest
import yaml
from opentelemetry.instrumentation._semconv import HTTP_DURATION_HISTOGRAM_BUCKETS_NEW

from servicekit.metrics import BUSINESS, REGISTRY, RESOURCE_LABELS, MetricSpec, prometheus_series

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "helm" / "charts" / "observability"
EMITTED = prometheus_series()
# Grafana's variables, as Grafana would substitute them.
GRAFANA_VARIABLES = {"$__rate_interval": "5m", "$__interval": "1m", "$__range": "1h", "$__tags": 'job="bff"'}


@dataclass(frozen=True)
class Query:
    where: str
    expr: str


def dashboard_queries() -> list[Query]:
    found = []
    for path in sorted((CHART / "dashboards").glob("*.json")):
        for panel in json.loads(path.read_text())["panels"]:
            for target in panel.get("targets", []):
                if target["datasource"]["type"] == "prometheus":
                    found.append(Query(f"{path.name}: {panel['title']} ({target['refId']})", target["expr"]))
    return found


def rule_queries() -> list[Query]:
    groups = yaml.safe_load((CHART / "rules" / "slo.yaml").read_text())["groups"]
    return [
        Query(f"rules: {r.get('alert') or r.get('record')}", r["expr"]) for g in groups for r in g["rules"]
    ]


def datasource_queries() -> list[Query]:
    # Grafana provisioning escapes $ as $$.
    text = (CHART / "templates" / "datasources.yaml").read_text()
    return [
        Query(f"datasources: tracesToMetrics {i}", q.replace("$$", "$"))
        for i, q in enumerate(re.findall(r"^\s+query: (.+)$", text, re.MULTILINE))
    ]


ALL = dashboard_queries() + rule_queries() + datasource_queries()


def substitute(expr: str) -> str:
    for variable, value in GRAFANA_VARIABLES.items():
        expr = expr.replace(variable, value)
    assert "$" not in expr, f"unknown Grafana variable in {expr}"
    return expr


def selectors(expr) -> tuple[list, set[str]]:
    """Vector selectors of an expression and every label name it groups or matches by."""
    found, labels = [], set()

    def visit(node) -> None:
        if isinstance(node, promql_parser.VectorSelector):
            found.append(node)
            return
        if isinstance(node, promql_parser.MatrixSelector):
            visit(node.vector_selector)
        elif isinstance(node, promql_parser.AggregateExpr):
            if node.modifier is not None:
                labels.update(node.modifier.labels)
            visit(node.expr)
            if node.param is not None:
                visit(node.param)
        elif isinstance(node, promql_parser.BinaryExpr):
            modifier = node.modifier
            if modifier is not None and modifier.matching is not None:
                labels.update(modifier.matching.labels)
            visit(node.lhs)
            visit(node.rhs)
        elif isinstance(node, promql_parser.Call):
            for arg in node.args:
                visit(arg)
        elif isinstance(node, promql_parser.ParenExpr | promql_parser.UnaryExpr | promql_parser.SubqueryExpr):
            visit(node.expr)
        elif not isinstance(node, promql_parser.NumberLiteral | promql_parser.StringLiteral):
            raise AssertionError(f"unhandled PromQL node {type(node).__name__}")

    visit(expr)
    return found, labels


def metric_of(selector) -> str:
    if selector.name:
        return selector.name
    names = [m.value for m in selector.matchers.matchers if m.name == "__name__"]
    assert names, f"selector without a metric name: {selector}"
    return names[0]


def allowed_labels(spec: MetricSpec, series: str) -> set[str]:
    labels = set(spec.prometheus_labels) | set(RESOURCE_LABELS)
    if series.endswith("_bucket"):
        labels.add("le")
    return labels


def test_there_are_queries_to_check() -> None:
    assert len(dashboard_queries()) > 40 and len(rule_queries()) >= 13 and len(datasource_queries()) == 3


@pytest.mark.parametrize("query", ALL, ids=lambda q: q.where)
def test_query_parses_and_uses_only_emitted_series_and_labels(query) -> None:
    expr = promql_parser.parse(substitute(query.expr))
    found, grouping = selectors(expr)
    assert found, "a query that selects nothing"
    used_labels = set(grouping)
    allowed: set[str] = set()
    for selector in found:
        name = metric_of(selector)
        assert name in EMITTED, f"{name} is not a series the code emits (servicekit.metrics)"
        spec = EMITTED[name]
        allowed |= allowed_labels(spec, name)
        for matcher in selector.matchers.matchers:
            if matcher.name == "__name__":
                continue
            assert matcher.name in allowed_labels(spec, name), f"{name} has no label {matcher.name}"
            if matcher.name == "le":
                assert spec.name == "http.server.request.duration"
                bounds = {format(b, "g") for b in HTTP_DURATION_HISTOGRAM_BUCKETS_NEW}
                assert matcher.value in bounds, (
                    f"le={matcher.value} is not a bucket boundary ({sorted(bounds)})"
                )
    assert used_labels <= allowed, f"grouping by labels no selected series has: {used_labels - allowed}"


def test_every_business_metric_has_a_panel() -> None:
    used = {name for q in dashboard_queries() for name in re.findall(r"[a-z_][a-z0-9_]*", q.expr)}
    for spec in BUSINESS:
        assert set(spec.prometheus_series) & used, f"no dashboard panel shows {spec.name}"


def test_every_service_has_a_dashboard_and_alerts() -> None:
    from conftest import PROJECTS

    alerts = yaml.safe_load((CHART / "rules" / "slo.yaml").read_text())["groups"]
    for service in PROJECTS.values():
        assert (CHART / "dashboards" / f"{service}.json").exists(), service
        assert f"{service}.slo" in {g["name"] for g in alerts}, service


def test_a_query_naming_a_metric_the_code_does_not_emit_fails_this_check() -> None:
    """The check above can fail: a plausible but wrong name is refused."""
    expr = promql_parser.parse('sum(rate(http_server_duration_milliseconds_count{job="bff"}[5m]))')
    (selector,), _ = selectors(expr)
    assert metric_of(selector) not in EMITTED
    assert REGISTRY["http.server.request.duration"].prometheus_name + "_count" in EMITTED
