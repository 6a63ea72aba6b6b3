import pytest
from django.contrib.auth.models import Group
from opentelemetry import trace
from opentelemetry.trace import SpanKind

from servicekit import telemetry

pytestmark = pytest.mark.django_db


def server_spans(spans):
    return [s for s in spans.get_finished_spans() if s.kind is SpanKind.SERVER]


def test_a_request_has_one_server_span_named_by_route_and_echoed_in_traceresponse(service_client, spans):
    response = service_client("bff").get("/api/v1/whoami/")
    (span,) = server_spans(spans)
    context = span.get_span_context()
    assert response["traceresponse"] == f"00-{context.trace_id:032x}-{context.span_id:016x}-01"
    assert span.name == "GET api/v1/whoami/"
    assert span.attributes["http.response.status_code"] == 200


def test_probes_are_not_traced(client, spans):
    client.get("/readyz")
    client.get("/healthz")
    assert server_spans(spans) == []


def test_database_queries_are_client_spans_of_the_current_span(spans):
    with trace.get_tracer("servicekit.tests").start_as_current_span("job") as parent:
        Group.objects.count()
    (query,) = [s for s in spans.get_finished_spans() if s.kind is SpanKind.CLIENT]
    assert query.parent.span_id == parent.get_span_context().span_id
    assert query.attributes["db.system"] == "postgresql"


def test_resource_names_the_service_version_and_environment(monkeypatch):
    monkeypatch.setenv("OTEL_SERVICE_NAME", "property-service")
    monkeypatch.setenv("SERVICE_VERSION", "1.2.3")
    monkeypatch.setenv("DEPLOYMENT_ENVIRONMENT", "kind")
    attributes = telemetry.build_resource("ignored-when-env-set").attributes
    assert attributes["service.name"] == "property-service"
    assert attributes["service.version"] == "1.2.3"
    assert attributes["deployment.environment"] == "kind"


def test_setup_is_done_once_per_process_and_keeps_spans_in_memory():
    current = telemetry.current()
    assert current is not None
    assert current.span_exporter is not None and current.metric_reader is not None
    assert current.exporting is False, "no OTLP endpoint configured: nothing is exported"
    assert set(current.instrumented) == {"django", "psycopg", "requests"}
    assert telemetry.setup_telemetry(service_name="another") is current


def test_business_metrics_reach_the_meter_provider(metric_points):
    from servicekit.metrics import counter

    counter("applications_decided").add(2, {"decision": "approved"})
    assert metric_points("applications_decided") == {frozenset({("decision", "approved")}): 2}
