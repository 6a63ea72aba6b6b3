"""A small OTLP/HTTP receiver: what the OpenTelemetry Collector would get, kept in memory.

Tests point real services at it (``OTEL_EXPORTER_OTLP_ENDPOINT=receiver.endpoint``) and read back
spans and metric points; scripts/otel_local.py runs it for ``make dev``. Accepts protobuf or JSON,
gzip or plain, on /v1/traces, /v1/metrics and /v1/logs, and serves what it has in Prometheus' text
format on /metrics (names translated by servicekit.metrics.prometheus_name, the way Prometheus' OTLP
receiver names them), so a local Prometheus can scrape it.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from google.protobuf import json_format
from opentelemetry.proto.collector.logs.v1.logs_service_pb2 import ExportLogsServiceRequest
from opentelemetry.proto.collector.metrics.v1.metrics_service_pb2 import ExportMetricsServiceRequest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.proto.common.v1.common_pb2 import AnyValue, KeyValue
from opentelemetry.proto.metrics.v1 import metrics_pb2

from servicekit.metrics import Kind, prometheus_label, prometheus_name

_SPAN_KINDS = {0: "unspecified", 1: "internal", 2: "server", 3: "client", 4: "producer", 5: "consumer"}
_STATUS = {0: "unset", 1: "ok", 2: "error"}
_DELTA = metrics_pb2.AGGREGATION_TEMPORALITY_DELTA


def _value(value: AnyValue) -> Any:
    which = value.WhichOneof("value")
    if which == "array_value":
        return [_value(v) for v in value.array_value.values]
    if which == "kvlist_value":
        return _attributes(value.kvlist_value.values)
    if which is None:
        return None
    return getattr(value, which)


def _attributes(items: Iterable[KeyValue]) -> dict[str, Any]:
    return {item.key: _value(item.value) for item in items}


@dataclass(frozen=True)
class Span:
    service: str
    name: str
    kind: str
    trace_id: str
    span_id: str
    parent_span_id: str
    start_ns: int
    end_ns: int
    status: str
    attributes: dict[str, Any]
    resource: dict[str, Any]
    scope: str

    @property
    def duration_ms(self) -> float:
        return (self.end_ns - self.start_ns) / 1e6


@dataclass
class Point:
    """The current value of one series: a counter/gauge value, or a histogram's buckets."""

    service: str
    instance: str
    name: str
    unit: str
    kind: Kind
    description: str
    attributes: dict[str, Any]
    value: float = 0.0
    count: int = 0
    sum: float = 0.0
    bounds: tuple[float, ...] = ()
    bucket_counts: list[int] = field(default_factory=list)
    time_ns: int = 0

    @property
    def job(self) -> str:
        return self.service


class OTLPReceiver:
    def __init__(
        self, host: str = "127.0.0.1", port: int = 0, on_spans: Callable[[list[Span]], None] | None = None
    ) -> None:
        self._lock = threading.Lock()
        self._spans: list[Span] = []
        self._points: dict[tuple, Point] = {}
        self.log_records: list[dict[str, Any]] = []
        self.requests: dict[str, int] = {"traces": 0, "metrics": 0, "logs": 0}
        self._on_spans = on_spans
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # quiet: tests read their own output
                pass

            def _reply(self, status: int, body: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                if self.headers.get("Content-Encoding", "").lower() == "gzip":
                    body = gzip.decompress(body)
                signal = self.path.rstrip("/").rsplit("/", 1)[-1]
                message_type = {
                    "traces": ExportTraceServiceRequest,
                    "metrics": ExportMetricsServiceRequest,
                    "logs": ExportLogsServiceRequest,
                }.get(signal)
                if message_type is None or not self.path.startswith("/v1/"):
                    self._reply(404, b"", "text/plain")
                    return
                is_json = self.headers.get("Content-Type", "").startswith("application/json")
                message = message_type()
                try:
                    if is_json:
                        json_format.Parse(body.decode(), message)
                    else:
                        message.ParseFromString(body)
                except Exception:  # a malformed export is the sender's bug: say so, keep serving
                    self._reply(400, b"malformed OTLP payload", "text/plain")
                    return
                receiver._accept(signal, message)
                reply = message_type.__name__.replace("Request", "Response")
                if is_json:
                    self._reply(200, b"{}", "application/json")
                else:
                    module = __import__(message_type.__module__, fromlist=[reply])
                    self._reply(200, getattr(module, reply)().SerializeToString(), "application/x-protobuf")

            def do_GET(self) -> None:
                if self.path == "/metrics":
                    self._reply(200, receiver.prometheus_text().encode(), "text/plain; version=0.0.4")
                elif self.path.startswith("/traces/"):
                    trace_id = self.path.split("/")[2]
                    self._reply(200, format_trace(receiver.spans(trace_id=trace_id)).encode(), "text/plain")
                elif self.path in ("/", "/traces"):
                    self._reply(200, receiver.trace_index().encode(), "text/plain")
                else:
                    self._reply(404, b"", "text/plain")

        self._server = ThreadingHTTPServer((host, port), Handler)
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    # --- lifecycle ---
    @property
    def endpoint(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> OTLPReceiver:
        self._thread = threading.Thread(target=self._server.serve_forever, name="otlp-receiver", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> OTLPReceiver:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- ingest ---
    def _accept(self, signal: str, message: Any) -> None:
        with self._lock:
            self.requests[signal] += 1
        if signal == "traces":
            spans = list(self._decode_spans(message))
            with self._lock:
                self._spans.extend(spans)
            if self._on_spans and spans:
                self._on_spans(spans)
        elif signal == "metrics":
            self._merge_metrics(message)
        else:
            for resource_logs in message.resource_logs:
                resource = _attributes(resource_logs.resource.attributes)
                for scope_logs in resource_logs.scope_logs:
                    for record in scope_logs.log_records:
                        with self._lock:
                            self.log_records.append(
                                {
                                    "service": resource.get("service.name", ""),
                                    "body": _value(record.body),
                                    "trace_id": record.trace_id.hex(),
                                    "attributes": _attributes(record.attributes),
                                }
                            )

    @staticmethod
    def _decode_spans(message: ExportTraceServiceRequest) -> Iterable[Span]:
        for resource_spans in message.resource_spans:
            resource = _attributes(resource_spans.resource.attributes)
            for scope_spans in resource_spans.scope_spans:
                for span in scope_spans.spans:
                    yield Span(
                        service=str(resource.get("service.name", "")),
                        name=span.name,
                        kind=_SPAN_KINDS.get(span.kind, str(span.kind)),
                        trace_id=span.trace_id.hex(),
                        span_id=span.span_id.hex(),
                        parent_span_id=span.parent_span_id.hex(),
                        start_ns=span.start_time_unix_nano,
                        end_ns=span.end_time_unix_nano,
                        status=_STATUS.get(span.status.code, str(span.status.code)),
                        attributes=_attributes(span.attributes),
                        resource=resource,
                        scope=scope_spans.scope.name,
                    )

    def _merge_metrics(self, message: ExportMetricsServiceRequest) -> None:
        for resource_metrics in message.resource_metrics:
            resource = _attributes(resource_metrics.resource.attributes)
            service = str(resource.get("service.name", ""))
            instance = str(resource.get("service.instance.id", ""))
            for scope_metrics in resource_metrics.scope_metrics:
                for metric in scope_metrics.metrics:
                    self._merge_metric(service, instance, metric)

    def _merge_metric(self, service: str, instance: str, metric: metrics_pb2.Metric) -> None:
        which = metric.WhichOneof("data")
        if which == "sum":
            kind: Kind = "counter" if metric.sum.is_monotonic else "updowncounter"
            data, delta = metric.sum.data_points, metric.sum.aggregation_temporality == _DELTA
        elif which == "gauge":
            kind, data, delta = "gauge", metric.gauge.data_points, False
        elif which == "histogram":
            kind = "histogram"
            data, delta = metric.histogram.data_points, metric.histogram.aggregation_temporality == _DELTA
        else:  # exponential histograms and summaries: nothing here emits them
            return
        with self._lock:
            for dp in data:
                attributes = _attributes(dp.attributes)
                key = (
                    service,
                    instance,
                    metric.name,
                    tuple(sorted((k, str(v)) for k, v in attributes.items())),
                )
                point = self._points.get(key)
                if point is None:
                    point = self._points[key] = Point(
                        service, instance, metric.name, metric.unit, kind, metric.description, attributes
                    )
                point.time_ns = dp.time_unix_nano
                if kind == "histogram":
                    counts = list(dp.bucket_counts)
                    if delta and point.bucket_counts:
                        counts = [a + b for a, b in zip(point.bucket_counts, counts, strict=False)]
                        point.count += dp.count
                        point.sum += dp.sum
                    else:
                        point.count, point.sum = dp.count, dp.sum
                    point.bounds, point.bucket_counts = tuple(dp.explicit_bounds), counts
                else:
                    value = dp.as_double if dp.WhichOneof("value") == "as_double" else float(dp.as_int)
                    point.value = point.value + value if delta else value

    # --- read ---
    def spans(self, *, trace_id: str | None = None, service: str | None = None) -> list[Span]:
        with self._lock:
            found = list(self._spans)
        return [
            s
            for s in found
            if (trace_id is None or s.trace_id == trace_id) and (service is None or s.service == service)
        ]

    def points(self, name: str | None = None, *, service: str | None = None) -> list[Point]:
        with self._lock:
            found = list(self._points.values())
        return [
            p for p in found if (name is None or p.name == name) and (service is None or p.service == service)
        ]

    def total(self, name: str, *, service: str | None = None, **attributes: Any) -> float:
        """Sum over every series of ``name`` (histograms: the number of observations) matching ``attributes``."""
        total = 0.0
        for point in self.points(name, service=service):
            if all(point.attributes.get(k) == v for k, v in attributes.items()):
                total += point.count if point.kind == "histogram" else point.value
        return total

    def clear_spans(self) -> None:
        with self._lock:
            self._spans.clear()

    def wait_for(self, predicate: Callable[[], Any], *, timeout: float = 15.0, interval: float = 0.1) -> Any:
        """Poll until ``predicate()`` is truthy (exports arrive asynchronously); return its value."""
        deadline = time.monotonic() + timeout
        while True:
            result = predicate()
            if result or time.monotonic() > deadline:
                return result
            time.sleep(interval)

    # --- present ---
    def prometheus_text(self) -> str:
        """The current points in Prometheus' text exposition format, job/instance from the resource."""
        lines: list[str] = []
        by_name: dict[str, list[Point]] = {}
        for point in sorted(self.points(), key=lambda p: (p.name, p.service, p.instance)):
            by_name.setdefault(point.name, []).append(point)
        for points in by_name.values():
            first = points[0]
            name = prometheus_name(first.name, first.unit, first.kind)
            prom_type = {"counter": "counter", "histogram": "histogram"}.get(first.kind, "gauge")
            lines.append(f"# HELP {name} {_escape_help(first.description)}")
            lines.append(f"# TYPE {name} {prom_type}")
            for point in points:
                labels = {"job": point.service, "instance": point.instance}
                labels.update({prometheus_label(k): _label_value(v) for k, v in point.attributes.items()})
                if point.kind == "histogram":
                    running = 0
                    for bound, count in zip((*point.bounds, float("inf")), point.bucket_counts, strict=False):
                        running += count
                        le = "+Inf" if bound == float("inf") else _number(bound)
                        lines.append(f"{name}_bucket{_labels({**labels, 'le': le})} {running}")
                    lines.append(f"{name}_sum{_labels(labels)} {_number(point.sum)}")
                    lines.append(f"{name}_count{_labels(labels)} {point.count}")
                else:
                    lines.append(f"{name}{_labels(labels)} {_number(point.value)}")
        return "\n".join(lines) + "\n"

    def trace_index(self, limit: int = 30) -> str:
        roots = [s for s in self.spans() if not s.parent_span_id or s.kind == "server"]
        seen: dict[str, Span] = {}
        for span in sorted(roots, key=lambda s: s.start_ns):
            seen.setdefault(span.trace_id, span)
        rows = list(seen.values())[-limit:]
        return (
            "".join(
                f"{s.trace_id}  {s.service:<20} {s.name:<40} {s.duration_ms:8.1f} ms\n"
                for s in reversed(rows)
            )
            or "no traces yet\n"
        )


def format_trace(spans: list[Span]) -> str:
    """The spans of one trace as an indented tree, parents before children, by start time."""
    children: dict[str, list[Span]] = {}
    ids = {s.span_id for s in spans}
    for span in sorted(spans, key=lambda s: s.start_ns):
        parent = span.parent_span_id if span.parent_span_id in ids else ""
        children.setdefault(parent, []).append(span)
    start = min((s.start_ns for s in spans), default=0)
    lines: list[str] = []

    def walk(parent: str, depth: int) -> None:
        for span in children.get(parent, []):
            offset = (span.start_ns - start) / 1e6
            lines.append(
                f"{'  ' * depth}{span.service}: {span.name} [{span.kind}] "
                f"+{offset:.1f} ms {span.duration_ms:.1f} ms {span.status}"
            )
            walk(span.span_id, depth + 1)

    walk("", 0)
    return "\n".join(lines) + "\n" if lines else "no spans for this trace\n"


def _number(value: float) -> str:
    return repr(float(value)) if value != int(value) else str(int(value))


def _label_value(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _labels(labels: dict[str, str]) -> str:
    escaped = (
        f'{k}="{v.replace(chr(92), chr(92) * 2).replace(chr(10), chr(92) + "n").replace(chr(34), chr(92) + chr(34))}"'
        for k, v in labels.items()
    )
    return "{" + ",".join(escaped) + "}"


def _escape_help(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n")
