"""Business metrics: counters and histograms named once, exported with the service's OTLP metrics.

Every metric a dashboard or an alert may use is listed here, in one place:

- ``BUSINESS``: what the services count themselves. A service makes its instrument with
  ``counter("payments_succeeded")`` / ``histogram("payment_amount")``; unit and description come from
  the registry. Add a row here before emitting a new name (tests/telemetry fails on unregistered names).
- ``INSTRUMENTATION``: what OpenTelemetry's Django and requests instrumentation emit for us (stable
  HTTP semantic conventions, ``OTEL_SEMCONV_STABILITY_OPT_IN=http``).

``prometheus_name()`` says what a metric is called once it reaches Prometheus (through the collector's
OTLP exporter into Prometheus' OTLP receiver, or through scripts/otel_local.py): dots become
underscores, the unit becomes a suffix, counters end in ``_total``, histograms are stored as
``_bucket``/``_sum``/``_count`` series. Dashboards and alerts are checked against these names.

Instruments made at import time are fine: the API's proxy meter binds them to the real provider
when :func:`servicekit.telemetry.setup_telemetry` runs.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from opentelemetry import metrics

Kind = Literal["counter", "updowncounter", "histogram", "gauge"]

_meter = metrics.get_meter("servicekit.business")

# Rent-sized amounts: the SDK's default buckets (0…10000 with few steps above 1000) blur them.
MONEY_BUCKETS = (50, 100, 250, 500, 750, 1000, 1250, 1500, 2000, 2500, 3000, 4000, 5000, 7500, 10000)
# Work orders take hours to weeks: 1 h, 4 h, 8 h, 1 d, 2 d, 3 d, 1 w, 2 w, 30 d.
RESOLUTION_BUCKETS = (3600, 14400, 28800, 86400, 172800, 259200, 604800, 1209600, 2592000)


@dataclass(frozen=True)
class MetricSpec:
    name: str
    kind: Kind
    unit: str
    description: str
    # Attributes the emitting code sets and dashboards may group or filter by.
    attributes: tuple[str, ...] = ()
    buckets: tuple[float, ...] | None = None

    @property
    def prometheus_name(self) -> str:
        return prometheus_name(self.name, self.unit, self.kind)

    @property
    def prometheus_series(self) -> tuple[str, ...]:
        """Every series name this metric is stored under in Prometheus."""
        base = self.prometheus_name
        if self.kind == "histogram":
            return (f"{base}_bucket", f"{base}_sum", f"{base}_count")
        return (base,)

    @property
    def prometheus_labels(self) -> tuple[str, ...]:
        return tuple(prometheus_label(a) for a in self.attributes)


BUSINESS: tuple[MetricSpec, ...] = (
    # property-service
    MetricSpec(
        "applications_submitted",
        "counter",
        "{application}",
        "Rental applications submitted through the market",
        ("city",),
    ),
    MetricSpec(
        "applications_decided",
        "counter",
        "{application}",
        "Rental applications approved or rejected",
        ("decision",),
    ),
    # financial-service
    MetricSpec(
        "payments_succeeded",
        "counter",
        "{payment}",
        "Payments recorded against an invoice (replays of an idempotency key are not counted again)",
        ("method", "currency"),
    ),
    MetricSpec(
        "payments_failed",
        "counter",
        "{payment}",
        "Payment attempts refused (validation, state conflict, idempotency mismatch)",
        ("method", "reason"),
    ),
    MetricSpec(
        "payment_amount",
        "histogram",
        "{currency_unit}",
        "Amount of each successful payment, in the invoice's currency",
        ("method", "currency"),
        MONEY_BUCKETS,
    ),
    MetricSpec(
        "invoices_generated",
        "counter",
        "{invoice}",
        "Invoices created (the monthly rent run or staff)",
        ("source",),
    ),
    # maintenance-service
    MetricSpec(
        "work_orders_opened",
        "counter",
        "{work_order}",
        "Work orders opened by tenants or staff",
        ("category", "priority"),
    ),
    MetricSpec(
        "work_orders_completed",
        "counter",
        "{work_order}",
        "Work orders completed by staff",
        ("category", "priority"),
    ),
    MetricSpec(
        "work_order_time_to_complete",
        "histogram",
        "s",
        "From opening to completion of a work order",
        ("category", "priority"),
        RESOLUTION_BUCKETS,
    ),
    # bff
    MetricSpec(
        "bff.dashboard.degraded",
        "counter",
        "{answer}",
        "Tenant dashboard answers missing a service's section (the service was down or slow)",
        ("service",),
    ),
)

INSTRUMENTATION: tuple[MetricSpec, ...] = (
    MetricSpec(
        "http.server.request.duration",
        "histogram",
        "s",
        "Duration of HTTP server requests (Django instrumentation)",
        ("http.request.method", "http.route", "http.response.status_code", "url.scheme", "error.type"),
    ),
    MetricSpec(
        "http.server.active_requests",
        "updowncounter",
        "{request}",
        "HTTP server requests in flight (Django instrumentation)",
        ("http.request.method", "url.scheme"),
    ),
    MetricSpec(
        "http.client.request.duration",
        "histogram",
        "s",
        "Duration of outgoing HTTP requests to other services (requests instrumentation)",
        ("http.request.method", "http.response.status_code", "server.address", "server.port", "error.type"),
    ),
)

REGISTRY: dict[str, MetricSpec] = {spec.name: spec for spec in (*BUSINESS, *INSTRUMENTATION)}
BUSINESS_NAMES = frozenset(spec.name for spec in BUSINESS)

# Labels every series carries once in Prometheus: job = service.name, instance = service.instance.id.
RESOURCE_LABELS = ("job", "instance")


class UnregisteredMetricWarning(UserWarning):
    """A business metric was created under a name that BUSINESS does not list."""


@dataclass(frozen=True)
class Created:
    name: str
    kind: Kind
    unit: str


_created: dict[str, Created] = {}


def created() -> dict[str, Created]:
    """Instruments made through this module in this process (tests check them against the registry)."""
    return dict(_created)


def _resolve(name: str, kind: Kind, unit: str | None, description: str) -> tuple[str, str, MetricSpec | None]:
    spec = REGISTRY.get(name) if name in BUSINESS_NAMES else None
    if spec is None:
        warnings.warn(
            f"business metric {name!r} is not listed in servicekit.metrics.BUSINESS; add it there",
            UnregisteredMetricWarning,
            stacklevel=3,
        )
    elif spec.kind != kind:
        raise TypeError(f"metric {name!r} is registered as a {spec.kind}, not a {kind}")
    unit = unit if unit is not None else (spec.unit if spec else "1")
    description = description or (spec.description if spec else "")
    _created[name] = Created(name, kind, unit)
    return unit, description, spec


def counter(name: str, *, unit: str | None = None, description: str = ""):
    unit, description, _ = _resolve(name, "counter", unit, description)
    return _meter.create_counter(name, unit=unit, description=description)


def histogram(name: str, *, unit: str | None = None, description: str = ""):
    unit, description, spec = _resolve(name, "histogram", unit, description)
    buckets = spec.buckets if spec else None
    return _meter.create_histogram(
        name, unit=unit, description=description, explicit_bucket_boundaries_advisory=buckets
    )


# --- OTLP → Prometheus names ---------------------------------------------------------------------
# The OpenTelemetry "Prometheus and OpenMetrics compatibility" rules as Prometheus' OTLP receiver
# (translation strategy UnderscoreEscapingWithSuffixes, its default) and the collector apply them.

_UNIT_WORDS = {
    "d": "days",
    "h": "hours",
    "min": "minutes",
    "s": "seconds",
    "ms": "milliseconds",
    "us": "microseconds",
    "ns": "nanoseconds",
    "By": "bytes",
    "KiBy": "kibibytes",
    "MiBy": "mebibytes",
    "GiBy": "gibibytes",
    "TiBy": "tibibytes",
    "KBy": "kilobytes",
    "MBy": "megabytes",
    "GBy": "gigabytes",
    "TBy": "terabytes",
    "m": "meters",
    "V": "volts",
    "A": "amperes",
    "J": "joules",
    "W": "watts",
    "g": "grams",
    "Cel": "celsius",
    "Hz": "hertz",
    "1": "",
    "%": "percent",
}
_PER_UNIT_WORDS = {
    "s": "second",
    "m": "minute",
    "h": "hour",
    "d": "day",
    "w": "week",
    "mo": "month",
    "y": "year",
}
_NAME_SEPARATORS = re.compile(r"[^a-zA-Z0-9:]+")
_LABEL_INVALID = re.compile(r"[^a-zA-Z0-9_]")


def _clean_unit(word: str) -> str:
    return re.sub(r"_+", "_", re.sub(r"[^a-zA-Z0-9:]", "_", word)).lstrip("_")


def _unit_suffixes(unit: str) -> tuple[str, str]:
    main, _, per = unit.partition("/")
    main, per = main.strip(), per.strip()
    main_suffix = "" if not main or "{" in main or "}" in main else _UNIT_WORDS.get(main, main)
    per_suffix = ""
    if per and "{" not in per and "}" not in per:
        per_suffix = "per_" + _PER_UNIT_WORDS.get(per, per)
    return _clean_unit(main_suffix), _clean_unit(per_suffix)


def prometheus_name(name: str, unit: str, kind: Kind) -> str:
    """``http.server.request.duration`` (s, histogram) → ``http_server_request_duration_seconds``."""
    tokens = [t for t in _NAME_SEPARATORS.split(name) if t]
    main, per = _unit_suffixes(unit)
    if main in tokens:
        main = ""
    if per == "per_":
        per = ""
    else:
        per = per.removesuffix("_")
        if per in tokens:
            per = ""
    if per:
        main = main.removesuffix("_")
    tokens += [t for t in (main, per) if t]
    if kind == "counter":
        tokens = [t for t in tokens if t != "total"] + ["total"]
    if unit == "1" and kind == "gauge":
        tokens = [t for t in tokens if t != "ratio"] + ["ratio"]
    result = "_".join(tokens)
    return f"_{result}" if result[:1].isdigit() else result


def prometheus_label(attribute: str) -> str:
    """``http.response.status_code`` → ``http_response_status_code``."""
    if attribute.startswith("__"):  # reserved names stay as they are
        return attribute
    label = re.sub(r"_+", "_", _LABEL_INVALID.sub("_", attribute))
    return f"key_{label}" if label[:1].isdigit() else label


def prometheus_series(specs: Iterable[MetricSpec] | None = None) -> dict[str, MetricSpec]:
    """Every Prometheus series name the platform emits → the metric it comes from."""
    return {series: spec for spec in (specs or REGISTRY.values()) for series in spec.prometheus_series}
