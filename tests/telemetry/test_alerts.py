"""The alert rules, checked and unit-tested by Prometheus' own promtool (Debian package `prometheus`).

For every service: an hour of 10 % 5xx fires the fast-burn alert (and no latency alert); healthy
traffic fires nothing; a fifth of requests slower than the objective fires the latency alert. And a
burst of refused payments fires PaymentsFailing. Without promtool the tests skip locally and fail in
CI (CI=true), where .ci/run installs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "helm" / "charts" / "observability"
RULES = CHART / "rules" / "slo.yaml"
sys.path.insert(0, str(CHART))
from generate import SERVICES, alert_name  # noqa: E402

DURATION = "http_server_request_duration_seconds"
BOUNDS = (
    "0.005",
    "0.01",
    "0.025",
    "0.05",
    "0.075",
    "0.1",
    "0.25",
    "0.5",
    "0.75",
    "1",
    "2.5",
    "5",
    "7.5",
    "10",
    "+Inf",
)


@pytest.fixture(scope="module")
def promtool() -> str:
    path = shutil.which("promtool")
    if path is None:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("promtool is missing: .ci/run must apt-get install prometheus")
        pytest.skip("promtool not installed (apt-get install prometheus)")
    return path


def traffic(job: str, *, per_minute: int, errors: int, slow_share: float, minutes: int) -> list[dict]:
    """Counter series of http.server.request.duration for `minutes` minutes of steady traffic."""
    ok = per_minute - errors
    series = [
        {
            "series": f'{DURATION}_count{{job="{job}",http_response_status_code="200"}}',
            "values": f"0+{ok}x{minutes}",
        },
        {
            "series": f'{DURATION}_count{{job="{job}",http_response_status_code="500"}}',
            "values": f"0+{errors}x{minutes}",
        },
    ]
    # Fast requests take ~4 ms (in every bucket); slow ones over 10 s (only in +Inf).
    fast = round(per_minute * (1 - slow_share))
    for bound in BOUNDS:
        below = per_minute if bound == "+Inf" else fast
        series.append(
            {"series": f'{DURATION}_bucket{{job="{job}",le="{bound}"}}', "values": f"0+{below}x{minutes}"}
        )
    return series


def case(service, *, errors: int, slow_share: float, expect: list[str]) -> dict:
    return {
        "interval": "1m",
        "input_series": traffic(
            service.job, per_minute=100, errors=errors, slow_share=slow_share, minutes=90
        ),
        "alert_rule_test": [
            {
                "eval_time": "70m",
                "alertname": alert_name(service, suffix),
                "exp_alerts": [{"exp_labels": labels, "exp_annotations": annotations}]
                if alert_name(service, suffix) in expect
                else [],
            }
            for suffix, labels, annotations in _expected(service)
        ],
    }


def _rules() -> dict[str, dict]:
    groups = yaml.safe_load(RULES.read_text())["groups"]
    return {r["alert"]: r for g in groups for r in g["rules"] if "alert" in r}


def _expected(service) -> list[tuple[str, dict, dict]]:
    rules = _rules()
    return [
        (
            suffix,
            rules[alert_name(service, suffix)]["labels"],
            rules[alert_name(service, suffix)]["annotations"],
        )
        for suffix in ("ErrorBudgetFastBurn", "ErrorBudgetSlowBurn", "LatencyObjective")
    ]


def test_rules_pass_promtool_check(promtool) -> None:
    proc = subprocess.run(
        [promtool, "check", "rules", str(RULES)], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_alerts_fire_when_and_only_when_an_objective_is_missed(promtool, tmp_path) -> None:
    tests = []
    for service in SERVICES:
        # 10 % 5xx burns the budget fast (and therefore slowly too); 4 % only slowly.
        burns = [alert_name(service, "ErrorBudgetFastBurn"), alert_name(service, "ErrorBudgetSlowBurn")]
        tests.append(case(service, errors=10, slow_share=0.0, expect=burns))
        tests.append(case(service, errors=4, slow_share=0.0, expect=burns[1:]))
        tests.append(case(service, errors=0, slow_share=0.0, expect=[]))
        tests.append(
            case(service, errors=0, slow_share=0.2, expect=[alert_name(service, "LatencyObjective")])
        )
        # Within budget: 0.2 % 5xx (the budget is 0.5 %), 3 % slow (5 % allowed).
        tests.append(case(service, errors=0, slow_share=0.03, expect=[]))
    payments = {
        "interval": "1m",
        "input_series": [
            {
                "series": 'payments_succeeded_total{job="financial-service",method="card",currency="USD"}',
                "values": "0+2x40",
            },
            {
                "series": 'payments_failed_total{job="financial-service",method="card",reason="declined"}',
                "values": "0+2x40",
            },
        ],
        "alert_rule_test": [
            {
                "eval_time": "30m",
                "alertname": "PaymentsFailing",
                "exp_alerts": [
                    {
                        "exp_labels": {"severity": "warning", "service": "financial-service"},
                        "exp_annotations": _rules()["PaymentsFailing"]["annotations"],
                    }
                ],
            }
        ],
    }
    quiet_payments = {
        "interval": "1m",
        "input_series": [
            {
                "series": 'payments_succeeded_total{job="financial-service",method="card",currency="USD"}',
                "values": "0+20x40",
            },
            {
                "series": 'payments_failed_total{job="financial-service",method="card",reason="declined"}',
                "values": "0+1x40",
            },
        ],
        "alert_rule_test": [{"eval_time": "30m", "alertname": "PaymentsFailing", "exp_alerts": []}],
    }
    test_file = tmp_path / "slo_test.yaml"
    test_file.write_text(
        yaml.safe_dump(
            {
                "rule_files": [str(RULES)],
                "evaluation_interval": "1m",
                "tests": [*tests, payments, quiet_payments],
            }
        )
    )
    proc = subprocess.run(
        [promtool, "test", "rules", str(test_file)], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
