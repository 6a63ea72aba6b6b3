"""A request's log lines, its access log line and its server span share one trace id.

Once in process (Django's test client, spans kept in memory) and once for real: gunicorn with the
service's own gunicorn.conf.py and production settings, exporting spans over OTLP to a local receiver.
"""

import io
import json
import logging
import os
import time
from pathlib import Path

import pytest
import requests
from django.db import connection
from opentelemetry.trace import SpanKind
from properties.tests.factories import ListingFactory

from servicekit.logs import ContextFilter, JsonFormatter
from servicekit.testing.otlp import OTLPReceiver
from servicekit.testing.processes import GunicornProcess

PROJECT = Path(__file__).resolve().parent.parent
GUNICORN_PORT = int(os.environ.get("PROPERTY_TEST_GUNICORN_PORT", "8101"))


def application_body(listing) -> dict:
    return {
        "listing_id": str(listing.id),
        "full_name": "Grace Hopper",
        "email": "grace@example.com",
        "phone": "+1 503 555 0199",
        "move_in_date": listing.available_from.isoformat(),
    }


@pytest.fixture
def json_log():
    """The service's JSON handler (same formatter and filter as settings.LOGGING) on a buffer."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(ContextFilter("property-service"))
    root = logging.getLogger()
    root.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)


@pytest.mark.django_db
def test_in_process_log_lines_carry_the_server_span_ids(bff, spans, json_log):
    listing = ListingFactory()
    response = bff.post(
        "/api/v1/applications/", application_body(listing), format="json", HTTP_X_REQUEST_ID="req-1"
    )
    assert response.status_code == 201

    (server,) = [s for s in spans.get_finished_spans() if s.kind is SpanKind.SERVER]
    trace_id = f"{server.context.trace_id:032x}"
    (submitted,) = [r for r in json_log() if r["message"] == "application submitted"]
    assert submitted["trace_id"] == trace_id
    assert submitted["span_id"] == f"{server.context.span_id:016x}"
    assert submitted["request_id"] == "req-1"
    assert submitted["service"] == "property-service"
    assert response["traceresponse"] == f"00-{trace_id}-{server.context.span_id:016x}-01"
    queries = [s for s in spans.get_finished_spans() if s.kind is SpanKind.CLIENT]
    assert [q for q in queries if q.parent and q.parent.span_id == server.context.span_id], "queries join"


@pytest.mark.django_db
def test_in_process_django_warning_lines_carry_the_trace_id(bff, spans, json_log):
    response = bff.get("/api/v1/listings/", {"bedrooms": "many"})
    assert response.status_code == 400
    (server,) = [s for s in spans.get_finished_spans() if s.kind is SpanKind.SERVER]
    (warning,) = [r for r in json_log() if r["logger"] == "django.request"]
    assert warning["trace_id"] == f"{server.context.trace_id:032x}"


def database_url() -> str:
    db = connection.settings_dict
    return f"postgresql://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_gunicorn_writes_only_json_and_one_trace_id_ties_logs_access_line_and_span():
    listing = ListingFactory()  # committed: the gunicorn worker reads it on its own connection
    with OTLPReceiver() as receiver:
        server = GunicornProcess(
            PROJECT,
            port=GUNICORN_PORT,
            env={
                "DJANGO_SETTINGS_MODULE": "config.settings.production",
                "DATABASE_URL": database_url(),
                "SERVICE_TOKENS": "bff=gunicorn-test-token",
                "OTEL_EXPORTER_OTLP_ENDPOINT": receiver.endpoint,
                "OTEL_BSP_SCHEDULE_DELAY": "100",
            },
        )
        with server:
            server.wait_ready()
            response = requests.post(
                f"{server.url}/api/v1/applications/",
                json=application_body(listing),
                headers={"Authorization": "Bearer gunicorn-test-token", "X-Request-ID": "req-gunicorn-1"},
                timeout=10,
            )
            assert response.status_code == 201, response.text
            assert requests.get(f"{server.url}/api/v1/nowhere/", timeout=10).status_code == 404
            server.stop()  # workers flush their spans on exit
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not [s for s in receiver.spans() if s.kind == "server"]:
            time.sleep(0.1)
        spans = receiver.spans()

    lines = [line for line in server.lines() if line.strip()]
    assert lines, "gunicorn wrote nothing"
    not_json = [line for line in lines if not _is_json_object(line)]
    assert not_json == [], "every line gunicorn and Django write is one JSON object"
    records = [json.loads(line) for line in lines]
    assert {r["service"] for r in records} == {"property-service"}
    assert {"gunicorn.error", "gunicorn.access", "leasing.services"} <= {r["logger"] for r in records}

    trace_id = response.headers["traceresponse"].split("-")[1]
    (submitted,) = [r for r in records if r["message"] == "application submitted"]
    (access,) = [
        r for r in records if r["logger"] == "gunicorn.access" and r["http_path"] == "/api/v1/applications/"
    ]
    assert submitted["trace_id"] == access["trace_id"] == trace_id
    assert submitted["request_id"] == access["request_id"] == "req-gunicorn-1"
    assert access["http_status"] == 201

    (server_span,) = [s for s in spans if s.kind == "server" and s.trace_id == trace_id]
    assert server_span.name == "POST api/v1/applications/"
    assert server_span.span_id == access["span_id"] == submitted["span_id"]
    assert server_span.service == "property-service"
    assert any(s.kind == "client" and s.trace_id == trace_id for s in spans), "database spans join the trace"


def _is_json_object(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False
