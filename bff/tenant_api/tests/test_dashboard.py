"""The dashboard's fan-out over real HTTP to stand-in services: concurrency, budget, degradation,
circuit breaking, and trace / request-id propagation into the worker threads."""

import time

import pytest
from fake_services import TENANT_A, TENANT_B, TOKEN

from servicekit.client import reset_clients

DASHBOARD = "/api/tenant/dashboard"


def timed_get(client, path):
    started = time.perf_counter()
    response = client.get(path)
    return response, time.perf_counter() - started


def test_dashboard_has_every_section_of_the_signed_in_tenant(alice):
    body = alice.get(DASHBOARD).json()
    assert body["degraded"] == []
    assert body["tenant"] == {
        "id": str(TENANT_A.id),
        "first_name": "Alice",
        "last_name": "Moreau",
        "email": TENANT_A.email,
    }
    assert body["lease"]["tenant_id"] == str(TENANT_A.id)
    assert body["lease"]["unit"]["label"] == "1B"
    assert body["lease"]["property"]["name"] == "Alder Court"
    assert body["lease"]["monthly_rent"] == "1850.00"
    assert body["balance"] == {
        "tenant_id": str(TENANT_A.id),
        "currency": "USD",
        "outstanding": "3700.00",
        "overdue": "0.00",
        "next_due_date": "2026-11-05",
        "next_due_amount": "1850.00",
        "open_invoices": 2,
    }
    assert body["next_invoice"]["period"] == "2026-11"  # the open invoice due soonest
    assert {wo["status"] for wo in body["open_work_orders"]} == {"submitted", "in_progress"}
    assert all(wo["tenant_id"] == str(TENANT_A.id) for wo in body["open_work_orders"])


def test_dashboard_passes_the_sessions_tenant_id_downstream(alice, platform):
    response = alice.get(f"{DASHBOARD}?tenant_id={TENANT_B.id}")  # a tenant_id from the client is ignored
    [leases] = platform.property.calls_for(response)
    assert leases.query == {"tenant_id": [str(TENANT_A.id)], "status": ["active"]}
    assert {r.path for r in platform.financial.calls_for(response)} == {
        f"/api/v1/tenants/{TENANT_A.id}/balance",
        "/api/v1/invoices/",
    }
    [work_orders] = platform.maintenance.calls_for(response)
    assert work_orders.query["tenant_id"] == [str(TENANT_A.id)]
    assert work_orders.query["status"] == ["open"]
    assert all(r.headers["authorization"] == f"Bearer {TOKEN}" for r in platform.calls_for(response))


def test_dashboard_calls_run_concurrently(alice, platform, settings):
    settings.DASHBOARD_BUDGET_SECONDS = 5.0  # above the delay: this test is about overlap, not the budget
    alice.get(DASHBOARD)  # warm up: imports, connections
    for service in platform.services:
        service.delay = 1.0
    response, elapsed = timed_get(alice, DASHBOARD)
    assert response.status_code == 200
    assert response.json()["degraded"] == []
    # Four calls of 1 s each: 4 s one after another, just over 1 s concurrently. The margin is wide so
    # that a busy machine (CI's 2 cores) cannot fail it; two calls in sequence would already take 2 s.
    assert elapsed < 1.9, f"dashboard took {elapsed:.3f}s"


def test_dashboard_with_a_service_down_answers_degraded(alice, platform):
    platform.maintenance.stop()  # connection refused
    response, elapsed = timed_get(alice, DASHBOARD)
    body = response.json()
    assert response.status_code == 200
    assert body["degraded"] == ["maintenance"]
    assert body["open_work_orders"] is None
    assert body["lease"] is not None and body["balance"] is not None and body["next_invoice"] is not None
    assert elapsed < 1.0


def test_dashboard_with_a_hanging_service_answers_within_its_budget(alice, platform, settings):
    settings.DASHBOARD_BUDGET_SECONDS = 0.8
    alice.get(DASHBOARD)
    platform.financial.mode = "hang"
    response, elapsed = timed_get(alice, DASHBOARD)
    body = response.json()
    assert response.status_code == 200
    assert body["degraded"] == ["financial"]
    assert body["balance"] is None and body["next_invoice"] is None
    assert body["lease"] is not None and body["open_work_orders"] is not None
    assert 0.8 <= elapsed < 1.2, f"dashboard took {elapsed:.3f}s"


def test_dashboard_names_every_missing_service(alice, platform):
    platform.property.mode = "error"
    platform.maintenance.mode = "error"
    body = alice.get(DASHBOARD).json()
    assert sorted(body["degraded"]) == ["maintenance", "property"]
    assert body["lease"] is None and body["open_work_orders"] is None
    assert body["balance"] is not None


def test_dashboard_counts_degraded_answers(alice, platform, metric_points):
    before = metric_points("bff.dashboard.degraded").get(frozenset({("service", "maintenance")}), 0)
    platform.maintenance.mode = "error"
    alice.get(DASHBOARD)
    assert metric_points("bff.dashboard.degraded")[frozenset({("service", "maintenance")})] == before + 1


def test_after_repeated_failures_the_breaker_stops_calling_the_dead_service(alice, platform, monkeypatch):
    monkeypatch.setenv("MAINTENANCE_SERVICE_BREAKER_THRESHOLD", "3")
    monkeypatch.setenv("MAINTENANCE_SERVICE_RETRIES", "0")
    reset_clients()
    platform.maintenance.mode = "error"
    for _ in range(10):
        response = alice.get(DASHBOARD)
        assert response.status_code == 200
        assert response.json()["degraded"] == ["maintenance"]
    # Three failures opened the circuit; the other seven dashboards did not call maintenance at all.
    assert platform.maintenance.hits["/api/v1/work-orders/"] == 3
    # Endpoints that need the service answer 503 with a hint of when to try again.
    response = alice.get("/api/tenant/work-orders")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert platform.maintenance.hits["/api/v1/work-orders/"] == 3


def test_trace_context_and_request_id_reach_every_downstream_call(alice, platform, spans):
    response = alice.get(DASHBOARD, HTTP_X_REQUEST_ID="dash-test-42")
    assert response["X-Request-ID"] == "dash-test-42"
    _, trace_id, server_span_id, _ = response["traceresponse"].split("-")
    calls = platform.calls_for(response)
    assert len(calls) == 4
    for call in calls:
        assert call.headers["x-request-id"] == "dash-test-42"
        assert call.headers["traceparent"].split("-")[1] == trace_id
    # The outgoing calls are child spans of the dashboard's server span.
    client_spans = [
        s
        for s in spans.get_finished_spans()
        if s.kind.name == "CLIENT"
        and format(s.context.trace_id, "032x") == trace_id
        and "http.request.method" in s.attributes  # not the database's client spans
    ]
    assert len(client_spans) == 4
    assert {format(s.parent.span_id, "016x") for s in client_spans} == {server_span_id}


@pytest.mark.django_db
def test_dashboard_needs_a_signed_in_tenant(portal):
    assert portal.get(DASHBOARD).status_code == 401


def test_a_hanging_service_fills_only_its_own_threads(alice, platform, settings, monkeypatch):
    """Bulkheads: with two threads per service, calls to a hanging maintenance-service queue up behind
    each other, but the lease and balance of every dashboard still arrive."""
    from gateway import fanout

    settings.DASHBOARD_BUDGET_SECONDS = 1.0
    settings.DOWNSTREAM_MAX_THREADS = 2
    monkeypatch.setattr(fanout, "_executors", {})  # new pools of the new size
    monkeypatch.setenv("MAINTENANCE_SERVICE_BREAKER_THRESHOLD", "1000")  # keep calling it
    reset_clients()
    platform.maintenance.mode = "hang"
    for _ in range(4):
        body = alice.get(DASHBOARD).json()
        assert body["degraded"] == ["maintenance"]
        assert body["lease"] is not None and body["balance"] is not None and body["next_invoice"] is not None


def test_calls_within_a_budget_give_up_when_it_runs_out(platform, monkeypatch):
    """A call made for the dashboard does not outlive its budget by the service's full read timeout."""
    from gateway import downstreams

    from servicekit.client import DownstreamTimeout

    monkeypatch.setenv("MAINTENANCE_SERVICE_READ_TIMEOUT", "5")
    monkeypatch.setenv("MAINTENANCE_SERVICE_RETRIES", "0")
    reset_clients()
    platform.maintenance.mode = "hang"
    started = time.perf_counter()
    with downstreams.deadline_in(0.3), pytest.raises(DownstreamTimeout):
        downstreams.get_json(downstreams.MAINTENANCE, "work-orders/", params={"tenant_id": str(TENANT_A.id)})
    assert time.perf_counter() - started < 1.0
    with downstreams.deadline_in(-1), pytest.raises(DownstreamTimeout):  # no time left: not even tried
        downstreams.get_json(downstreams.MAINTENANCE, "work-orders/", params={"tenant_id": "not-sent"})
    assert not [r for r in platform.maintenance.requests if r.query.get("tenant_id") == ["not-sent"]]
