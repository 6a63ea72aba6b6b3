"""Metric names are listed once (servicekit.metrics) and the code creates nothing else.

Each Django project is imported in its own interpreter (they all have a `config` package): every
module of its apps is loaded, and servicekit.metrics.created() lists the instruments made.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from servicekit.metrics import (
    BUSINESS,
    BUSINESS_NAMES,
    REGISTRY,
    prometheus_label,
    prometheus_name,
    prometheus_series,
)

ROOT = Path(__file__).resolve().parents[2]
PROJECTS = ["property_service", "financial_service", "maintenance_service", "bff"]

_IMPORT_EVERYTHING = r"""
import json, os, pkgutil, importlib, warnings, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ["OTEL_SDK_DISABLED"] = "true"
warnings.simplefilter("always")
import django
django.setup()
from django.apps import apps
from servicekit import metrics
root = os.getcwd()
for app in apps.get_app_configs():
    if not app.path.startswith(root):
        continue
    for module in pkgutil.walk_packages([app.path], prefix=app.name + "."):
        parts = module.name.split(".")
        if "migrations" in parts or "tests" in parts or parts[-1].startswith("test"):
            continue
        importlib.import_module(module.name)
print(json.dumps({name: [c.kind, c.unit] for name, c in metrics.created().items()}))
"""


@pytest.fixture(scope="module")
def created() -> dict[str, dict[str, list[str]]]:
    """project → {metric name: [kind, unit]} of the instruments its modules create at import."""
    found = {}
    for project in PROJECTS:
        proc = subprocess.run(
            [sys.executable, "-c", _IMPORT_EVERYTHING],
            cwd=ROOT / project,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert proc.returncode == 0, f"{project}: {proc.stderr}"
        assert "UnregisteredMetricWarning" not in proc.stderr, f"{project}: {proc.stderr}"
        found[project] = json.loads(proc.stdout.strip().splitlines()[-1])
    return found


def test_every_instrument_the_code_creates_is_registered_with_its_kind_and_unit(created) -> None:
    for project, instruments in created.items():
        for name, (kind, unit) in instruments.items():
            assert name in BUSINESS_NAMES, (
                f"{project} creates {name!r}: add it to servicekit.metrics.BUSINESS"
            )
            assert (kind, unit) == (REGISTRY[name].kind, REGISTRY[name].unit), f"{project}: {name}"


def test_every_registered_business_metric_is_created_by_some_service(created) -> None:
    made = {name for instruments in created.values() for name in instruments}
    assert made >= BUSINESS_NAMES, f"registered but never created: {sorted(BUSINESS_NAMES - made)}"


def test_no_instrument_is_made_around_the_registry() -> None:
    """Instruments made inside functions (not at import) are found by reading the code."""
    call = re.compile(
        r"""\b(counter|histogram|create_counter|create_histogram|create_up_down_counter)\(\s*["']([^"']+)["']"""
    )
    for project in PROJECTS:
        for path in (ROOT / project).rglob("*.py"):
            if "tests" in path.parts or "migrations" in path.parts:
                continue
            for kind, name in call.findall(path.read_text()):
                assert not kind.startswith("create_"), f"{path}: make instruments through servicekit.metrics"
                assert name in BUSINESS_NAMES, (
                    f"{path}: {kind}({name!r}) is not in servicekit.metrics.BUSINESS"
                )


# ── OTLP → Prometheus names (the examples of the OpenTelemetry compatibility spec and of
#    Prometheus' otlptranslator) ───────────────────────────────────────────────────────────────────
@pytest.mark.parametrize(
    ("name", "unit", "kind", "expected"),
    [
        ("http.server.request.duration", "s", "histogram", "http_server_request_duration_seconds"),
        ("http.server.active_requests", "{request}", "updowncounter", "http_server_active_requests"),
        ("requests.count", "1", "counter", "requests_count_total"),
        ("memory.usage", "By", "gauge", "memory_usage_bytes"),
        ("cpu.utilization", "1", "gauge", "cpu_utilization_ratio"),
        ("throughput", "By/s", "gauge", "throughput_bytes_per_second"),
        ("payments_succeeded", "{payment}", "counter", "payments_succeeded_total"),
        ("payments_total", "{payment}", "counter", "payments_total"),
        ("request.latency", "ms", "histogram", "request_latency_milliseconds"),
        ("duration_seconds", "s", "histogram", "duration_seconds"),
        ("bff.dashboard.degraded", "{answer}", "counter", "bff_dashboard_degraded_total"),
        ("2xx.responses", "1", "counter", "_2xx_responses_total"),
    ],
)
def test_prometheus_name(name, unit, kind, expected) -> None:
    assert prometheus_name(name, unit, kind) == expected


@pytest.mark.parametrize(
    ("attribute", "label"),
    [
        ("http.route", "http_route"),
        ("http.response.status_code", "http_response_status_code"),
        ("server.address", "server_address"),
        ("city", "city"),
        ("1st", "key_1st"),
        ("a..b", "a_b"),
    ],
)
def test_prometheus_label(attribute, label) -> None:
    assert prometheus_label(attribute) == label


def test_histograms_are_three_series_and_no_two_metrics_collide() -> None:
    series = prometheus_series()
    assert len(series) == sum(len(spec.prometheus_series) for spec in REGISTRY.values()), (
        "two metrics share a series"
    )
    assert {
        "http_server_request_duration_seconds_bucket",
        "http_server_request_duration_seconds_sum",
        "http_server_request_duration_seconds_count",
    } <= set(series)


def test_business_metric_names_follow_one_style() -> None:
    for spec in BUSINESS:
        assert re.fullmatch(r"[a-z][a-z0-9_.]*", spec.name), spec.name
        assert spec.description, spec.name
        if spec.kind == "counter":
            assert not spec.name.endswith("_total"), "Prometheus adds _total"
