"""One request through the real processes: one trace, its log lines, its metrics.

The services and the BFF run under gunicorn on PostgreSQL (conftest.py) and export OTLP to the
receiver in this process, exactly as they would to the collector.
"""

from __future__ import annotations

import secrets
import uuid
from typing import Any

import pytest
import requests
from opentelemetry.sdk.trace import TracerProvider

from servicekit import demo
from servicekit.client import ClientConfig, ServiceClient
from servicekit.metrics import REGISTRY

SERVICES = ("property-service", "financial-service", "maintenance-service")
TIMEOUT = 15


def new_traceparent() -> tuple[str, str, str]:
    trace_id, span_id = secrets.token_hex(16), secrets.token_hex(8)
    return trace_id, span_id, f"00-{trace_id}-{span_id}-01"


class Browser:
    """A portal's server talking to the BFF: cookies by hand, because the BFF's production settings
    mark them Secure and these requests are plain HTTP on loopback."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, *, headers: dict[str, str] | None = None, **kwargs: Any):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method != "GET" and "csrftoken" in self.cookies:
            headers["X-CSRFToken"] = self.cookies["csrftoken"]
        response = requests.request(method, self.base + path, headers=headers, timeout=TIMEOUT, **kwargs)
        self.cookies.update({c.name: c.value for c in response.cookies})
        return response


@pytest.fixture(scope="module")
def tenant(stack) -> Browser:
    browser = Browser(stack["bff"].url)
    assert browser.request("GET", "/api/auth/csrf").status_code == 200
    alice = demo.TENANTS[0]
    response = browser.request(
        "POST", "/api/auth/login", json={"email": alice.email, "password": demo.DEMO_PASSWORD}
    )
    assert response.status_code == 200, response.text
    return browser


@pytest.fixture(scope="module")
def dashboard_call(stack, receiver, tenant) -> dict[str, Any]:
    """GET /api/tenant/dashboard under a trace the test starts (as the tenant portal would)."""
    trace_id, parent_id, traceparent = new_traceparent()
    request_id = f"telemetry-{uuid.uuid4().hex[:12]}"
    response = tenant.request(
        "GET", "/api/tenant/dashboard", headers={"traceparent": traceparent, "X-Request-ID": request_id}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["degraded"] == [], f"a service did not answer: {body['degraded']}"

    def every_service_reported():
        spans = receiver.spans(trace_id=trace_id)
        services = {s.service for s in spans if s.kind == "server"}
        return spans if services >= {"bff", *SERVICES} else None

    spans = receiver.wait_for(every_service_reported, timeout=TIMEOUT)
    assert spans, (
        f"spans of trace {trace_id}: {sorted({(s.service, s.name) for s in receiver.spans(trace_id=trace_id)})}"
    )
    return {"trace_id": trace_id, "parent_id": parent_id, "request_id": request_id, "spans": spans}


def test_one_dashboard_request_is_one_trace_through_the_bff_and_every_service(dashboard_call) -> None:
    spans = dashboard_call["spans"]
    by_id = {s.span_id: s for s in spans}
    assert {s.trace_id for s in spans} == {dashboard_call["trace_id"]}
    (bff_server,) = [s for s in spans if s.service == "bff" and s.kind == "server"]
    assert bff_server.parent_span_id == dashboard_call["parent_id"], "the BFF continues the portal's trace"
    assert bff_server.attributes["http.route"] == "api/tenant/dashboard"
    for service in SERVICES:
        servers = [s for s in spans if s.service == service and s.kind == "server"]
        assert servers, f"no server span from {service}"
        for server in servers:
            # Each service's request hangs under one of the BFF's outgoing calls …
            caller = by_id.get(server.parent_span_id)
            assert caller is not None and caller.service == "bff" and caller.kind == "client", server
            # … which hangs, in turn, under the BFF's own request.
            ancestor = caller
            while ancestor.parent_span_id in by_id:
                ancestor = by_id[ancestor.parent_span_id]
            assert ancestor is bff_server
        # And the database work of that request is in the trace too.
        queries = [
            s
            for s in spans
            if s.service == service
            and s.kind == "client"
            and s.parent_span_id in {x.span_id for x in servers}
        ]
        assert queries, f"no database spans from {service}"
        assert all(
            q.attributes.get("db.system") == "postgresql"
            or q.attributes.get("db.system.name") == "postgresql"
            for q in queries
        )


def test_that_requests_log_lines_carry_its_trace_id_in_every_service(stack, receiver, dashboard_call) -> None:
    trace_id = dashboard_call["trace_id"]
    span_ids = {s.span_id for s in dashboard_call["spans"]}

    def lines():
        found = stack.log_records(trace_id=trace_id)
        return found if {r["service"] for r in found} >= {"bff", *SERVICES} else None

    records = stack["bff"]  # for the failure message
    found = receiver.wait_for(lines, timeout=TIMEOUT) or stack.log_records(trace_id=trace_id)
    assert {r["service"] for r in found} >= {"bff", *SERVICES}, (
        f"log lines with trace_id {trace_id}: {found}\n{records.output()}"
    )
    for record in found:
        assert record["span_id"] in span_ids, record
        # X-Request-ID travels with the trace context on every hop.
        assert record["request_id"] == dashboard_call["request_id"], record
    access = [r for r in found if r["logger"] == "gunicorn.access"]
    assert {r["service"] for r in access} >= {"bff", *SERVICES}, "each hop's access-log line is in the trace"


def test_error_responses_logged_by_django_carry_the_trace_id(stack, receiver) -> None:
    """Django logs 4xx/5xx ("Not Found: …") after the request's span has ended."""
    trace_id, _, traceparent = new_traceparent()
    response = requests.get(
        f"{stack['property-service'].url}/api/v1/listings/{uuid.uuid4()}/",
        headers={"Authorization": "Bearer telemetry-test-bff-token", "traceparent": traceparent},
        timeout=TIMEOUT,
    )
    assert response.status_code == 404
    records = receiver.wait_for(
        lambda: stack.log_records(trace_id=trace_id, logger="django.request"), timeout=5
    )
    assert records and records[0]["level"] == "WARNING", stack["property-service"].output()


def test_a_caller_using_servicekit_client_continues_its_trace_in_the_service(stack, receiver) -> None:
    """The propagation the BFF relies on, with property-service alone: servicekit's client injects
    traceparent, the service's Django instrumentation continues it, its queries are children."""
    tracer = TracerProvider().get_tracer("telemetry-test")
    client = ServiceClient(
        "property-service",
        ClientConfig(base_url=stack["property-service"].url, token="telemetry-test-bff-token"),
    )
    with tracer.start_as_current_span("caller") as caller:
        page = client.get_json("api/v1/listings/", params={"city": demo.PROPERTIES[0].city})
        context = caller.get_span_context()
    assert page["count"] >= 1
    trace_id = f"{context.trace_id:032x}"
    spans = receiver.wait_for(
        lambda: (
            [s for s in receiver.spans(trace_id=trace_id) if s.kind == "server"]
            and receiver.spans(trace_id=trace_id)
        ),
        timeout=TIMEOUT,
    )
    (server,) = [s for s in spans if s.kind == "server"]
    assert server.service == "property-service"
    assert server.parent_span_id == f"{context.span_id:016x}"
    assert server.attributes["http.route"] == "api/v1/listings/"
    assert [s for s in spans if s.parent_span_id == server.span_id and s.kind == "client"], (
        "no database spans"
    )


def _application_body(stack) -> tuple[dict[str, Any], str]:
    """A fresh application for the first published listing, and that listing's city."""
    listings = requests.get(
        f"{stack['property-service'].url}/api/v1/listings/",
        headers={"Authorization": "Bearer telemetry-test-bff-token"},
        timeout=TIMEOUT,
    ).json()["results"]
    assert listings, "the demo data publishes listings"
    listing = listings[0]
    body = {
        "listing_id": listing["id"],
        "full_name": "Tele Metry",
        "email": f"applicant-{uuid.uuid4().hex[:8]}@example.com",
        "phone": "+1 503 555 0199",
        "move_in_date": listing["available_from"],
        "occupants": 1,
        "message": "",
    }
    return body, listing["unit"]["property"]["city"]


def test_a_business_metric_moves_when_an_application_is_submitted(stack, receiver) -> None:
    body, city = _application_body(stack)
    before = receiver.total("applications_submitted", service="property-service", city=city)
    if "bff" in stack:
        renter = Browser(stack["bff"].url)
        renter.request("GET", "/api/auth/csrf")
        response = renter.request("POST", "/api/market/applications", json={**body, "website": ""})
    else:
        response = requests.post(
            f"{stack['property-service'].url}/api/v1/applications/",
            json=body,
            headers={"Authorization": "Bearer telemetry-test-bff-token"},
            timeout=TIMEOUT,
        )
    assert response.status_code == 201, response.text
    after = receiver.wait_for(
        lambda: (
            (v := receiver.total("applications_submitted", service="property-service", city=city)) > before
            and v
        ),
        timeout=TIMEOUT,
    )
    assert after == before + 1


def test_business_metrics_move_when_a_tenant_pays_an_invoice(stack, receiver, tenant) -> None:
    invoices = tenant.request("GET", "/api/tenant/invoices", params={"status": "open"}).json()["results"]
    if not invoices:
        invoices = tenant.request("GET", "/api/tenant/invoices", params={"status": "overdue"}).json()[
            "results"
        ]
    assert invoices, "the demo data gives Alice an open or overdue invoice"
    invoice = invoices[0]
    succeeded = receiver.total("payments_succeeded", service="financial-service", method="card")
    amounts = receiver.total("payment_amount", service="financial-service", method="card")
    response = tenant.request(
        "POST",
        f"/api/tenant/invoices/{invoice['id']}/pay",
        json={"amount": invoice["amount_due"], "method": "card"},
        headers={"Idempotency-Key": uuid.uuid4().hex},
    )
    assert response.status_code == 201, response.text
    receiver.wait_for(
        lambda: receiver.total("payment_amount", service="financial-service", method="card") > amounts,
        timeout=TIMEOUT,
    )
    assert receiver.total("payments_succeeded", service="financial-service", method="card") == succeeded + 1
    assert receiver.total("payment_amount", service="financial-service", method="card") == amounts + 1


def test_http_metrics_arrive_with_route_status_and_service(stack, receiver, dashboard_call) -> None:
    def dashboard_point():
        return [
            p
            for p in receiver.points("http.server.request.duration", service="bff")
            if p.attributes.get("http.route") == "api/tenant/dashboard"
            and p.attributes.get("http.response.status_code") == 200
        ]

    (point,) = receiver.wait_for(dashboard_point, timeout=TIMEOUT)
    assert point.unit == "s" and point.kind == "histogram" and point.count >= 1
    assert point.instance, "service.instance.id names the process"
    calls = receiver.wait_for(
        lambda: receiver.points("http.client.request.duration", service="bff"), timeout=TIMEOUT
    )
    assert {p.attributes.get("server.address") for p in calls} == {"127.0.0.1"}
    # As Prometheus will store it (the names the dashboards query).
    text = receiver.prometheus_text()
    assert 'http_server_request_duration_seconds_bucket{job="bff",' in text
    assert 'http_route="api/tenant/dashboard"' in text and 'http_response_status_code="200"' in text


def test_every_metric_the_platform_exported_is_registered(stack, receiver, dashboard_call) -> None:
    """Runtime side of 'names in one place': nothing reaches the collector that servicekit.metrics
    does not list, with the kind and unit it lists."""
    receiver.wait_for(lambda: receiver.points("http.server.active_requests"), timeout=TIMEOUT)
    exported = {(p.name, p.kind, p.unit) for p in receiver.points()}
    assert exported
    unknown = {e for e in exported if e[0] not in REGISTRY}
    assert not unknown, f"exported but not in servicekit.metrics: {unknown}"
    for name, kind, unit in exported:
        spec = REGISTRY[name]
        assert (kind, unit) == (spec.kind, spec.unit), name
