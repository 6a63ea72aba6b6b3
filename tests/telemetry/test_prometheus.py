"""A real Prometheus reads what the services exported and answers every dashboard query.

Prometheus (Debian's `prometheus`) scrapes the OTLP receiver's /metrics — the services' metrics
under the names Prometheus' OTLP receiver gives them in the cluster — and loads the alert rules.
Every dashboard query must be accepted, the traffic panels must show the traffic the other tests
made, and every alert rule must evaluate without error. Skips locally without the binary; fails in CI.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import requests
from test_queries import dashboard_queries, substitute

from servicekit.testing.processes import free_port

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "helm" / "charts" / "observability" / "rules" / "slo.yaml"


@pytest.fixture(scope="module")
def prometheus(stack, receiver, tmp_path_factory):
    binary = shutil.which("prometheus")
    if binary is None:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("prometheus is missing: .ci/run must apt-get install prometheus")
        pytest.skip("prometheus not installed (apt-get install prometheus)")
    work = tmp_path_factory.mktemp("prometheus")
    target = receiver.endpoint.removeprefix("http://")
    config = {
        "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
        "rule_files": [str(RULES)],
        "scrape_configs": [
            {"job_name": "otel", "honor_labels": True, "static_configs": [{"targets": [target]}]}
        ],
    }
    (work / "prometheus.yml").write_text(json.dumps(config))
    port = free_port()
    proc = subprocess.Popen(
        [
            binary,
            f"--config.file={work / 'prometheus.yml'}",
            f"--storage.tsdb.path={work / 'data'}",
            f"--web.listen-address=127.0.0.1:{port}",
            "--log.level=warn",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{url}/-/ready", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        else:
            pytest.fail("prometheus did not become ready")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def query(url: str, expr: str) -> dict:
    return requests.get(f"{url}/api/v1/query", params={"query": expr}, timeout=10).json()


def wait_for_data(url: str, expr: str, timeout: float = 30) -> list:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = query(url, expr)
        if result.get("status") == "success" and result["data"]["result"]:
            return result["data"]["result"]
        time.sleep(0.5)
    return []


def test_traffic_of_every_service_reaches_prometheus_under_the_dashboards_names(stack, prometheus) -> None:
    for service in stack.servers:
        expr = f'sum(rate(http_server_request_duration_seconds_count{{job="{service}"}}[1m])) > 0'
        deadline, found = time.monotonic() + 30, []
        while not found and time.monotonic() < deadline:
            # A 404 is traffic too; a rate needs the counter to move between two scrapes.
            requests.get(f"{stack[service].url}/api/v1/nothing-here/", timeout=10)
            time.sleep(0.5)
            result = query(prometheus, expr)
            found = result.get("status") == "success" and result["data"]["result"]
        targets = requests.get(f"{prometheus}/api/v1/targets", timeout=10).json()["data"]["activeTargets"]
        assert found, f"no request rate for {service} in Prometheus; scrape targets: {targets}"


def test_every_dashboard_query_is_accepted_and_traffic_panels_show_data(stack, prometheus) -> None:
    wait_for_data(prometheus, "sum by (job) (rate(http_server_request_duration_seconds_count[1m]))")
    failures, empty = [], []
    for q in dashboard_queries():
        result = query(prometheus, substitute(q.expr).replace("[5m]", "[1m]"))
        if result.get("status") != "success":
            failures.append(f"{q.where}: {result.get('error')}")
        elif not result["data"]["result"] and (
            "Request rate per service" in q.where or "Requests / s" in q.where
        ):
            empty.append(q.where)
    assert not failures, "\n".join(failures)
    assert not empty, f"no data: {empty}"


def test_every_alert_rule_evaluates_without_error(prometheus) -> None:
    deadline = time.monotonic() + 20
    while True:
        groups = requests.get(f"{prometheus}/api/v1/rules", timeout=10).json()["data"]["groups"]
        rules = [r for g in groups for r in g["rules"]]
        if rules and all(
            r.get("lastEvaluation", "").startswith("20") and r["health"] != "unknown" for r in rules
        ):
            break
        assert time.monotonic() < deadline, rules
        time.sleep(0.5)
    assert len(rules) == 13
    assert [r["name"] for r in rules if r["health"] != "ok"] == []
