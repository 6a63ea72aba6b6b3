#!/usr/bin/env python
"""Write the chart's dashboards (dashboards/*.json) and alert rules (rules/slo.yaml).

Generated, not hand-edited, so that every query is built from servicekit.metrics — the one list of
metric names the code emits — and every service gets the same panels and objectives. Run it after
changing a service, an objective or a metric, and commit the output:

    .venv/bin/python helm/charts/observability/generate.py          # write
    .venv/bin/python helm/charts/observability/generate.py --check  # exit 1 when the files are stale

Identifiers Grafana and Prometheus see:
- `job` is the service (OTEL_SERVICE_NAME): Prometheus makes it out of the resource's service.name.
- Loki streams carry `service` and `level` labels (platform/alloy/values.yaml).
- Data source uids are fixed (templates/datasources.yaml): prometheus, loki, tempo.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from servicekit.metrics import REGISTRY

HERE = Path(__file__).resolve().parent
DASHBOARDS = HERE / "dashboards"
RULES = HERE / "rules" / "slo.yaml"

PROMETHEUS = {"type": "prometheus", "uid": "prometheus"}
LOKI = {"type": "loki", "uid": "loki"}
TAG = "property-platform"
RATE = "$__rate_interval"

SERVER = REGISTRY["http.server.request.duration"].prometheus_name  # http_server_request_duration_seconds
CLIENT = REGISTRY["http.client.request.duration"].prometheus_name
ACTIVE = REGISTRY["http.server.active_requests"].prometheus_name
ERROR = 'http_response_status_code=~"5.."'

# Availability objective: at most 0.5 % of requests answered 5xx over 30 days.
AVAILABILITY = 0.995
# Multi-window burn rates (Google SRE workbook): 14.4x burns 2 % of the monthly budget in an hour,
# 6x burns 5 % in six hours.
FAST_BURN, SLOW_BURN = 14.4, 6.0
# Latency objective: at least 95 % of requests faster than the service's threshold.
LATENCY_TARGET = 0.95


@dataclass(frozen=True)
class Service:
    job: str
    title: str
    # A bucket boundary of http.server.request.duration (0.005 … 10 s), written as Prometheus writes `le`.
    latency_threshold: str
    calls_others: bool = False
    business: tuple[str, ...] = field(default_factory=tuple)


SERVICES = (
    Service("property-service", "Property service", "0.25", business=("applications",)),
    Service("financial-service", "Financial service", "0.5", True, ("payments", "invoices")),
    Service("maintenance-service", "Maintenance service", "0.25", business=("work_orders",)),
    # The BFF waits for the services it fans out to: a looser threshold.
    Service("bff", "BFF", "0.75", True, ("dashboard",)),
)


def m(name: str) -> str:
    """The Prometheus name of a registered metric (the first series: histograms add _bucket etc.)."""
    return REGISTRY[name].prometheus_name


# ── business panels, shared by the business dashboard and each service's own ─────────────────────
def business_panels(area: str) -> list[tuple[str, list[tuple[str, str]], str]]:
    """(title, [(expr, legend)], unit) for one business area."""
    submitted, decided = m("applications_submitted"), m("applications_decided")
    ok, failed, amount = m("payments_succeeded"), m("payments_failed"), m("payment_amount")
    invoices = m("invoices_generated")
    opened, completed, resolution = (
        m("work_orders_opened"),
        m("work_orders_completed"),
        m("work_order_time_to_complete"),
    )
    degraded = m("bff.dashboard.degraded")
    return {
        "applications": [
            (
                "Applications submitted by city",
                [(f"sum by (city) (increase({submitted}[{RATE}]))", "{{city}}")],
                "short",
            ),
            (
                "Applications decided",
                [(f"sum by (decision) (increase({decided}[{RATE}]))", "{{decision}}")],
                "short",
            ),
        ],
        "payments": [
            (
                "Payments succeeded and failed",
                [
                    (f"sum by (method) (increase({ok}[{RATE}]))", "succeeded {{method}}"),
                    (f"sum by (reason) (increase({failed}[{RATE}]))", "failed: {{reason}}"),
                ],
                "short",
            ),
            (
                "Payment failure ratio",
                [
                    (
                        f"sum(rate({failed}[{RATE}])) / (sum(rate({failed}[{RATE}])) + sum(rate({ok}[{RATE}])))",
                        "failed / attempted",
                    )
                ],
                "percentunit",
            ),
            (
                "Amount paid by currency",
                [(f"sum by (currency) (increase({amount}_sum[{RATE}]))", "{{currency}}")],
                "short",
            ),
            (
                "Payment amount p50 / p95",
                [
                    (f"histogram_quantile(0.5, sum by (le) (rate({amount}_bucket[{RATE}])))", "p50"),
                    (f"histogram_quantile(0.95, sum by (le) (rate({amount}_bucket[{RATE}])))", "p95"),
                ],
                "short",
            ),
        ],
        "invoices": [
            (
                "Invoices generated by source",
                [(f"sum by (source) (increase({invoices}[{RATE}]))", "{{source}}")],
                "short",
            ),
        ],
        "work_orders": [
            (
                "Work orders opened and completed",
                [
                    (f"sum by (category) (increase({opened}[{RATE}]))", "opened {{category}}"),
                    (f"sum by (category) (increase({completed}[{RATE}]))", "completed {{category}}"),
                ],
                "short",
            ),
            (
                "Time to complete a work order (p50 / p90)",
                [
                    (f"histogram_quantile(0.5, sum by (le) (rate({resolution}_bucket[{RATE}])))", "p50"),
                    (f"histogram_quantile(0.9, sum by (le) (rate({resolution}_bucket[{RATE}])))", "p90"),
                ],
                "s",
            ),
        ],
        "dashboard": [
            (
                "Tenant dashboards served degraded, by missing service",
                [(f"sum by (service) (increase({degraded}[{RATE}]))", "{{service}}")],
                "short",
            ),
        ],
    }[area]


# ── Grafana JSON ──────────────────────────────────────────────────────────────────────────────────
class Board:
    def __init__(self, uid: str, title: str, description: str) -> None:
        self.uid, self.title, self.description = uid, title, description
        self.panels: list[dict] = []
        self._x = self._y = self._row_height = 0

    def _place(self, w: int, h: int) -> dict:
        if self._x + w > 24:
            self._x, self._y = 0, self._y + self._row_height
            self._row_height = 0
        pos = {"h": h, "w": w, "x": self._x, "y": self._y}
        self._x += w
        self._row_height = max(self._row_height, h)
        return pos

    def row(self, title: str) -> None:
        if self._x:
            self._x, self._y, self._row_height = 0, self._y + self._row_height, 0
        self.panels.append(
            {
                "id": len(self.panels) + 1,
                "type": "row",
                "title": title,
                "collapsed": False,
                "gridPos": {"h": 1, "w": 24, "x": 0, "y": self._y},
                "panels": [],
            }
        )
        self._y += 1

    def prom(
        self,
        kind: str,
        title: str,
        queries: list[tuple[str, str]],
        unit: str,
        *,
        w: int = 12,
        h: int = 8,
        description: str = "",
    ) -> None:
        panel = {
            "id": len(self.panels) + 1,
            "type": kind,
            "title": title,
            "description": description,
            "datasource": PROMETHEUS,
            "gridPos": self._place(w, h),
            "targets": [
                {
                    "refId": chr(ord("A") + i),
                    "datasource": PROMETHEUS,
                    "expr": expr,
                    "legendFormat": legend,
                    "range": True,
                }
                for i, (expr, legend) in enumerate(queries)
            ],
            "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
            "options": {
                "legend": {"displayMode": "table", "placement": "right", "calcs": ["lastNotNull", "max"]}
            }
            if kind == "timeseries"
            else {
                "reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
                "colorMode": "value",
            },
        }
        self.panels.append(panel)

    def logs(self, title: str, expr: str, *, w: int = 24, h: int = 10) -> None:
        self.panels.append(
            {
                "id": len(self.panels) + 1,
                "type": "logs",
                "title": title,
                "datasource": LOKI,
                "gridPos": self._place(w, h),
                "targets": [{"refId": "A", "datasource": LOKI, "expr": expr}],
                "options": {
                    "showTime": True,
                    "wrapLogMessage": True,
                    "sortOrder": "Descending",
                    "enableLogDetails": True,
                    "prettifyLogMessage": False,
                },
            }
        )

    def json(self) -> dict:
        return {
            "uid": self.uid,
            "title": self.title,
            "description": self.description,
            "tags": [TAG],
            "timezone": "utc",
            "editable": False,
            "graphTooltip": 1,
            "schemaVersion": 39,
            "version": 1,
            "refresh": "30s",
            "time": {"from": "now-1h", "to": "now"},
            "templating": {"list": []},
            "annotations": {"list": []},
            "links": [
                {
                    "type": "dashboards",
                    "tags": [TAG],
                    "asDropdown": True,
                    "title": "Property platform",
                    "includeVars": False,
                    "keepTime": True,
                }
            ],
            "panels": self.panels,
        }


def overview() -> Board:
    board = Board(
        "pp-overview",
        "Property platform / Overview",
        "Request rate, errors and latency of every service (OpenTelemetry HTTP server metrics).",
    )
    by_job = f"sum by (job) (rate({SERVER}_count[{RATE}]))"
    errors_by_job = f"sum by (job) (rate({SERVER}_count{{{ERROR}}}[{RATE}]))"
    board.row("Now")
    board.prom(
        "stat", "Requests / s (all services)", [(f"sum(rate({SERVER}_count[{RATE}]))", "")], "reqps", w=8, h=4
    )
    board.prom(
        "stat",
        "5xx ratio (all services)",
        [(f"sum(rate({SERVER}_count{{{ERROR}}}[{RATE}])) / sum(rate({SERVER}_count[{RATE}]))", "")],
        "percentunit",
        w=8,
        h=4,
    )
    board.prom(
        "stat",
        "p95 latency (all services)",
        [(f"histogram_quantile(0.95, sum by (le) (rate({SERVER}_bucket[{RATE}])))", "")],
        "s",
        w=8,
        h=4,
    )
    board.row("Per service")
    board.prom("timeseries", "Request rate per service", [(by_job, "{{job}}")], "reqps")
    board.prom(
        "timeseries", "5xx ratio per service", [(f"{errors_by_job} / {by_job}", "{{job}}")], "percentunit"
    )
    for q in ("0.5", "0.95", "0.99"):
        board.prom(
            "timeseries",
            f"p{round(float(q) * 100)} latency per service",
            [(f"histogram_quantile({q}, sum by (job, le) (rate({SERVER}_bucket[{RATE}])))", "{{job}}")],
            "s",
            w=8,
        )
    board.prom(
        "timeseries", "Requests in flight per service", [(f"sum by (job) ({ACTIVE})", "{{job}}")], "short"
    )
    board.prom(
        "timeseries",
        "4xx rate per service",
        [(f'sum by (job) (rate({SERVER}_count{{http_response_status_code=~"4.."}}[{RATE}]))', "{{job}}")],
        "reqps",
    )
    board.row("Logs")
    board.logs("Errors across the platform", '{service=~".+", level=~"ERROR|CRITICAL"}')
    return board


def service_board(service: Service) -> Board:
    job = f'job="{service.job}"'
    board = Board(
        f"pp-{service.job}",
        f"Property platform / {service.title}",
        f"{service.title}: traffic, errors, latency against its objective, business events and logs.",
    )
    count = f"{SERVER}_count{{{job}}}"
    errors = f"{SERVER}_count{{{job},{ERROR}}}"
    board.row("Objectives")
    board.prom("stat", "Requests / s", [(f"sum(rate({count}[{RATE}]))", "")], "reqps", w=6, h=4)
    board.prom(
        "stat",
        f"Availability (objective {AVAILABILITY:.1%})",
        [(f"1 - sum(rate({errors}[{RATE}])) / sum(rate({count}[{RATE}]))", "")],
        "percentunit",
        w=6,
        h=4,
    )
    board.prom(
        "stat",
        f"Faster than {service.latency_threshold}s (objective {LATENCY_TARGET:.0%})",
        [
            (
                f'sum(rate({SERVER}_bucket{{{job},le="{service.latency_threshold}"}}[{RATE}])) / sum(rate({count}[{RATE}]))',
                "",
            )
        ],
        "percentunit",
        w=6,
        h=4,
    )
    board.prom(
        "stat",
        "p95 latency",
        [(f"histogram_quantile(0.95, sum by (le) (rate({SERVER}_bucket{{{job}}}[{RATE}])))", "")],
        "s",
        w=6,
        h=4,
    )
    board.row("Traffic and errors")
    board.prom(
        "timeseries",
        "Request rate by route",
        [(f"sum by (http_route) (rate({count}[{RATE}]))", "{{http_route}}")],
        "reqps",
    )
    board.prom(
        "timeseries",
        "Responses by status code",
        [(f"sum by (http_response_status_code) (rate({count}[{RATE}]))", "{{http_response_status_code}}")],
        "reqps",
    )
    board.prom(
        "timeseries",
        "5xx by route",
        [(f"sum by (http_route) (rate({errors}[{RATE}]))", "{{http_route}}")],
        "reqps",
    )
    board.prom(
        "timeseries",
        "4xx by route",
        [
            (
                f'sum by (http_route) (rate({SERVER}_count{{{job},http_response_status_code=~"4.."}}[{RATE}]))',
                "{{http_route}}",
            )
        ],
        "reqps",
    )
    board.row("Latency")
    board.prom(
        "timeseries",
        "p50 / p95 / p99",
        [
            (
                f"histogram_quantile({q}, sum by (le) (rate({SERVER}_bucket{{{job}}}[{RATE}])))",
                f"p{round(float(q) * 100)}",
            )
            for q in ("0.5", "0.95", "0.99")
        ],
        "s",
    )
    board.prom(
        "timeseries",
        "p95 by route",
        [
            (
                f"histogram_quantile(0.95, sum by (http_route, le) (rate({SERVER}_bucket{{{job}}}[{RATE}])))",
                "{{http_route}}",
            )
        ],
        "s",
    )
    board.prom("timeseries", "Requests in flight", [(f"sum({ACTIVE}{{{job}}})", "in flight")], "short")
    if service.calls_others:
        board.row("Calls to other services")
        board.prom(
            "timeseries",
            "Calls by service and status",
            [
                (
                    f"sum by (server_address, http_response_status_code) (rate({CLIENT}_count{{{job}}}[{RATE}]))",
                    "{{server_address}} {{http_response_status_code}}",
                )
            ],
            "reqps",
        )
        board.prom(
            "timeseries",
            "Call p95 by service",
            [
                (
                    f"histogram_quantile(0.95, sum by (server_address, le) (rate({CLIENT}_bucket{{{job}}}[{RATE}])))",
                    "{{server_address}}",
                )
            ],
            "s",
        )
    if service.business:
        board.row("Business events")
        for area in service.business:
            for title, queries, unit in business_panels(area):
                board.prom("timeseries", title, queries, unit)
    board.row("Logs")
    board.logs("Warnings and errors", f'{{service="{service.job}", level=~"WARNING|ERROR|CRITICAL"}}', h=8)
    board.logs("All logs", f'{{service="{service.job}"}}')
    return board


def business() -> Board:
    board = Board(
        "pp-business",
        "Property platform / Business",
        "Payments, invoices, work orders and rental applications as they happen.",
    )
    for title, area in (
        ("Payments", "payments"),
        ("Invoices", "invoices"),
        ("Work orders", "work_orders"),
        ("Rental applications", "applications"),
    ):
        board.row(title)
        for panel_title, queries, unit in business_panels(area):
            board.prom("timeseries", panel_title, queries, unit)
    return board


def dashboards() -> dict[str, dict]:
    boards = [overview(), *(service_board(s) for s in SERVICES), business()]
    return {f"{b.uid.removeprefix('pp-')}.json": b.json() for b in boards}


# ── Prometheus rules ──────────────────────────────────────────────────────────────────────────────
def _ratio(numerator: str, denominator: str, window: str) -> str:
    return f"sum(rate({numerator}[{window}])) / sum(rate({denominator}[{window}]))"


def alert_name(service: Service, suffix: str) -> str:
    words = service.job.split("-")
    return "".join("BFF" if word == "bff" else word.capitalize() for word in words) + suffix


def service_rules(service: Service) -> dict:
    job = f'job="{service.job}"'
    count, errors = f"{SERVER}_count{{{job}}}", f"{SERVER}_count{{{job},{ERROR}}}"
    fast_bucket = f'{SERVER}_bucket{{{job},le="{service.latency_threshold}"}}'
    budget = 1 - AVAILABILITY
    dashboard = f"/d/pp-{service.job}"

    def burn(long: str, short: str, factor: float) -> str:
        limit = round(factor * budget, 6)
        return f"({_ratio(errors, count, long)}) > {limit}\nand\n({_ratio(errors, count, short)}) > {limit}"

    slow_ratio = lambda window: f"(1 - {_ratio(fast_bucket, count, window)})"  # noqa: E731
    latency_budget = round(1 - LATENCY_TARGET, 6)
    return {
        "name": f"{service.job}.slo",
        "rules": [
            {
                "alert": alert_name(service, "ErrorBudgetFastBurn"),
                "expr": burn("1h", "5m", FAST_BURN),
                "for": "2m",
                "labels": {"severity": "critical", "service": service.job, "slo": "availability"},
                "annotations": {
                    "summary": f"{service.job} is answering 5xx fast enough to spend its monthly error budget in two days",
                    "description": f"More than {FAST_BURN}x the allowed 5xx ratio ({budget:.1%}) over the last hour and 5 minutes.",
                    "dashboard": dashboard,
                },
            },
            {
                "alert": alert_name(service, "ErrorBudgetSlowBurn"),
                "expr": burn("6h", "30m", SLOW_BURN),
                "for": "15m",
                "labels": {"severity": "warning", "service": service.job, "slo": "availability"},
                "annotations": {
                    "summary": f"{service.job} is spending its error budget too fast",
                    "description": f"More than {SLOW_BURN}x the allowed 5xx ratio ({budget:.1%}) over the last 6 hours and 30 minutes.",
                    "dashboard": dashboard,
                },
            },
            {
                "alert": alert_name(service, "LatencyObjective"),
                "expr": f"{slow_ratio('30m')} > {latency_budget}\nand\n{slow_ratio('5m')} > {latency_budget}",
                "for": "10m",
                "labels": {"severity": "warning", "service": service.job, "slo": "latency"},
                "annotations": {
                    "summary": f"{service.job}: fewer than {LATENCY_TARGET:.0%} of requests faster than {service.latency_threshold}s",
                    "description": f"The objective is {LATENCY_TARGET:.0%} of requests under {service.latency_threshold}s; over the last 30 and 5 minutes more were slower.",
                    "dashboard": dashboard,
                },
            },
        ],
    }


def business_rules() -> dict:
    ok, failed = m("payments_succeeded"), m("payments_failed")
    return {
        "name": "business",
        "rules": [
            {
                "alert": "PaymentsFailing",
                "expr": f"sum(rate({failed}[15m])) / (sum(rate({failed}[15m])) + sum(rate({ok}[15m]))) > 0.25\n"
                f"and\nsum(increase({failed}[15m])) >= 5",
                "for": "5m",
                "labels": {"severity": "warning", "service": "financial-service"},
                "annotations": {
                    "summary": "More than a quarter of payment attempts fail",
                    "description": "Over the last 15 minutes more than 25 % of payment attempts (at least 5) were refused; see payments_failed_total by reason.",
                    "dashboard": "/d/pp-business",
                },
            }
        ],
    }


def rules() -> dict:
    return {"groups": [*(service_rules(s) for s in SERVICES), business_rules()]}


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(
    str,
    lambda dumper, value: dumper.represent_scalar(
        "tag:yaml.org,2002:str", value, style="|" if "\n" in value else None
    ),
)


def rendered() -> dict[Path, str]:
    files = {DASHBOARDS / name: json.dumps(board, indent=2) + "\n" for name, board in dashboards().items()}
    header = "# Generated by helm/charts/observability/generate.py from servicekit.metrics: do not edit.\n"
    files[RULES] = header + yaml.dump(rules(), Dumper=_Dumper, sort_keys=False, width=120)
    return files


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a generated file is missing or stale")
    args = parser.parse_args(argv)
    files = rendered()
    stale = [path for path, text in files.items() if not path.exists() or path.read_text() != text]
    orphans = [p for p in DASHBOARDS.glob("*.json") if p not in files]
    if args.check:
        for path in [*stale, *orphans]:
            print(f"stale: {path.relative_to(HERE)}", file=sys.stderr)
        return 1 if stale or orphans else 0
    for path in orphans:
        path.unlink()
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    print(f"wrote {len(files)} files under {HERE.relative_to(HERE.parents[2])}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
