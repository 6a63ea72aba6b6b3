"""How the tenant API answers when no one is signed in, or a service is down or refuses the BFF."""

import uuid

import pytest
from fake_services import Reply, _id

from servicekit.client import reset_clients

ANY = str(uuid.uuid4())
TENANT_ENDPOINTS = [
    ("get", "/api/tenant/dashboard"),
    ("get", "/api/tenant/invoices"),
    ("get", f"/api/tenant/invoices/{ANY}"),
    ("post", f"/api/tenant/invoices/{ANY}/pay"),
    ("get", "/api/tenant/work-orders"),
    ("post", "/api/tenant/work-orders"),
    ("get", f"/api/tenant/work-orders/{ANY}"),
    ("post", f"/api/tenant/work-orders/{ANY}/comments"),
    ("post", f"/api/tenant/work-orders/{ANY}/cancel"),
    ("get", f"/api/tenant/work-orders/{ANY}/photos/{ANY}"),
    ("get", "/api/auth/me"),
    ("post", "/api/auth/password"),
]


@pytest.mark.parametrize(("method", "path"), TENANT_ENDPOINTS)
def test_every_tenant_endpoint_needs_a_session(portal, platform, method, path):
    response = getattr(portal, method)(path)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert platform.calls_for(response) == []


@pytest.mark.parametrize(("method", "path"), TENANT_ENDPOINTS)
def test_staff_sessions_are_not_tenant_sessions(admin_client, platform, method, path):
    response = getattr(admin_client, method)(path)
    assert response.status_code == 403
    assert platform.calls_for(response) == []


@pytest.mark.parametrize(
    ("service", "path"),
    [
        ("financial", "/api/tenant/invoices"),
        ("financial", f"/api/tenant/invoices/{_id('f', 2)}"),
        ("maintenance", "/api/tenant/work-orders"),
        ("maintenance", f"/api/tenant/work-orders/{_id('9', 1)}"),
    ],
)
@pytest.mark.parametrize("failure", ["stopped", "error", "hang"])
def test_a_needed_service_that_fails_is_503_with_a_clear_title(
    alice, platform, monkeypatch, service, path, failure
):
    monkeypatch.setenv(f"{service.upper()}_SERVICE_READ_TIMEOUT", "0.3")
    monkeypatch.setenv(f"{service.upper()}_SERVICE_RETRIES", "0")
    reset_clients()
    fake = getattr(platform, service)
    if failure == "stopped":
        fake.stop()
    else:
        fake.mode = failure
    response = alice.get(path)
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["title"] == "Service unavailable"
    assert f"The {service} service is not answering" in body["detail"]


def test_a_service_refusing_the_bffs_token_is_503_and_logged(alice, platform, monkeypatch, caplog):
    monkeypatch.setenv("FINANCIAL_SERVICE_TOKEN", "wrong")
    reset_clients()
    response = alice.get("/api/tenant/invoices")
    assert response.status_code == 503
    assert any(
        r.getMessage() == "downstream refused the BFF's request" and r.status == 401 for r in caplog.records
    )


def test_a_service_answering_garbage_is_503(alice, platform, monkeypatch):
    monkeypatch.setattr(platform.financial, "route_financial", lambda request: Reply(200, raw=b"<html>"))
    assert alice.get("/api/tenant/invoices").status_code == 503
