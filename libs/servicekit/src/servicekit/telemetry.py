"""OpenTelemetry for a service: traces and metrics, exported over OTLP when a collector is configured.

Call :func:`setup_telemetry` once per process *after* any fork (gunicorn's ``post_fork``; Django's
``AppConfig.ready`` covers runserver, management commands and tests). The first call wins.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse
from opentelemetry import metrics, trace
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader, MetricReader, PeriodicExportingMetricReader
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

logger = logging.getLogger(__name__)

# Health probes are called every few seconds by Kubernetes: tracing them is noise.
_DEFAULT_EXCLUDED_URLS = "healthz,readyz,static/"


@dataclass
class Telemetry:
    service_name: str
    tracer_provider: TracerProvider
    meter_provider: MeterProvider
    exporting: bool
    span_exporter: InMemorySpanExporter | None = None
    metric_reader: InMemoryMetricReader | None = None
    instrumented: list[str] = field(default_factory=list)


_lock = threading.Lock()
_telemetry: Telemetry | None = None


def current() -> Telemetry | None:
    return _telemetry


def instance_id() -> str:
    """One id per process: host (the pod's name in Kubernetes) and pid.

    Prometheus makes ``instance`` out of service.instance.id. Two gunicorn workers of one pod each
    export their own cumulative counters: under one shared id their series would overwrite each other.
    """
    return f"{socket.gethostname()}-{os.getpid()}"


def build_resource(service_name: str, service_version: str | None = None) -> Resource:
    environment = os.environ.get("DEPLOYMENT_ENVIRONMENT", "local")
    return Resource.create(
        {
            "service.name": os.environ.get("OTEL_SERVICE_NAME", service_name),
            "service.version": service_version or os.environ.get("SERVICE_VERSION", "0.1.0"),
            "service.instance.id": instance_id(),
            "deployment.environment": environment,
            "deployment.environment.name": environment,  # the current semantic-convention name
        }
    )


def setup_telemetry(*, service_name: str, in_memory: bool = False, instrument: bool = True) -> Telemetry:
    """Install tracer and meter providers and the Django, psycopg and requests instrumentation.

    ``in_memory`` keeps every span and metric in memory so tests can read them back.
    """
    global _telemetry
    with _lock:
        if _telemetry is not None:
            return _telemetry
        # Stable HTTP semantic conventions: http.server.request.duration with http.route.
        os.environ.setdefault("OTEL_SEMCONV_STABILITY_OPT_IN", "http")
        os.environ.setdefault("OTEL_PYTHON_DJANGO_EXCLUDED_URLS", _DEFAULT_EXCLUDED_URLS)
        resource = build_resource(service_name)
        endpoint = os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT", "").strip()
        sdk_disabled = os.environ.get("OTEL_SDK_DISABLED", "").lower() == "true"

        tracer_provider = TracerProvider(resource=resource)
        readers: list[MetricReader] = []
        span_exporter = metric_reader = None
        if endpoint and not sdk_disabled:
            from opentelemetry.exporter.otlp.proto.http.metric_exporter import OTLPMetricExporter
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

            tracer_provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
            readers.append(PeriodicExportingMetricReader(OTLPMetricExporter()))
        if in_memory:
            span_exporter = InMemorySpanExporter()
            tracer_provider.add_span_processor(SimpleSpanProcessor(span_exporter))
            metric_reader = InMemoryMetricReader()
            readers.append(metric_reader)
        meter_provider = MeterProvider(resource=resource, metric_readers=readers)
        trace.set_tracer_provider(tracer_provider)
        metrics.set_meter_provider(meter_provider)

        telemetry = Telemetry(
            service_name=service_name,
            tracer_provider=tracer_provider,
            meter_provider=meter_provider,
            exporting=bool(endpoint) and not sdk_disabled,
            span_exporter=span_exporter,
            metric_reader=metric_reader,
        )
        if instrument and not sdk_disabled:
            telemetry.instrumented = _instrument(tracer_provider, meter_provider)
        _telemetry = telemetry
        logger.debug("telemetry ready", extra={"otlp_endpoint": endpoint or None})
        return telemetry


def _instrument(tracer_provider: TracerProvider, meter_provider: MeterProvider) -> list[str]:
    from opentelemetry.instrumentation.django import DjangoInstrumentor
    from opentelemetry.instrumentation.psycopg import PsycopgInstrumentor
    from opentelemetry.instrumentation.requests import RequestsInstrumentor

    done = []
    for name, instrumentor in (
        ("django", DjangoInstrumentor()),
        ("psycopg", PsycopgInstrumentor()),
        ("requests", RequestsInstrumentor()),
    ):
        if not instrumentor.is_instrumented_by_opentelemetry:
            kwargs = {"tracer_provider": tracer_provider, "meter_provider": meter_provider}
            if name == "psycopg":
                kwargs["enable_commenter"] = False
            instrumentor.instrument(**kwargs)
        done.append(name)
    return done


def shutdown() -> None:
    """Flush what is buffered (gunicorn's ``worker_exit``)."""
    if _telemetry is not None:
        _telemetry.tracer_provider.shutdown()
        _telemetry.meter_provider.shutdown()


class TraceResponseMiddleware:
    """Echo the server span's ids in a W3C ``traceresponse`` header.

    Gunicorn writes its access log after the span has ended; it reads the trace id from here, so an
    access-log line carries the same trace_id as the application's lines for that request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        context = trace.get_current_span().get_span_context()
        if context.is_valid:
            # Django logs 4xx/5xx responses ("Not Found: ...") after every middleware has returned and
            # the span is no longer current: servicekit.logs reads the ids from the request instead.
            request.trace_ids = (f"{context.trace_id:032x}", f"{context.span_id:016x}")
        response = self.get_response(request)
        context = trace.get_current_span().get_span_context()
        if context.is_valid:
            response["traceresponse"] = f"00-{context.trace_id:032x}-{context.span_id:016x}-01"
        return response
