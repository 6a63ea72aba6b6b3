"""Fixtures for the BFF's tests: fake downstream services on real sockets, tenant accounts and a
portal-like client (session cookie, CSRF enforced as in production)."""

from __future__ import annotations

import os

import pytest
from fake_services import TENANT_A, TENANT_B, TOKEN, FakePlatform
from rest_framework.test import APIClient

from servicekit.client import reset_clients

# The BFF's test ports (8130-8139 on the shared machine): fakes 8130-8132, real services 8133-8135.
FAKE_BASE_PORT = int(os.environ.get("BFF_TEST_FAKE_PORT", "8130"))
PASSWORD = "correct-horse-battery-staple"  # noqa: S105


def point_clients_at(monkeypatch, urls: dict[str, str], token: str) -> None:
    for service, url in urls.items():
        prefix = service.upper().replace("-", "_")
        monkeypatch.setenv(f"{prefix}_URL", url)
        monkeypatch.setenv(f"{prefix}_TOKEN", token)
    reset_clients()  # new clients: new configuration, fresh circuit breakers


@pytest.fixture(scope="session")
def fake_platform():
    platform = FakePlatform.start(FAKE_BASE_PORT)
    yield platform
    platform.stop()


@pytest.fixture(autouse=True)
def platform(fake_platform, monkeypatch):
    """The fakes, reset for every test; the BFF's clients point at them with quick timeouts."""
    fake_platform.reset()
    for name in ("PROPERTY_SERVICE", "FINANCIAL_SERVICE", "MAINTENANCE_SERVICE"):
        monkeypatch.setenv(f"{name}_READ_TIMEOUT", "3")
        monkeypatch.setenv(f"{name}_BREAKER_RESET", "30")
    point_clients_at(
        monkeypatch,
        {
            "property-service": fake_platform.property.url,
            "financial-service": fake_platform.financial.url,
            "maintenance-service": fake_platform.maintenance.url,
        },
        TOKEN,
    )
    yield fake_platform
    reset_clients()


class Portal(APIClient):
    """What a portal does: fetch the CSRF cookie, send it back as X-CSRFToken, keep the session."""

    def __init__(self, **kwargs):
        super().__init__(enforce_csrf_checks=True, **kwargs)

    def use_csrf_cookie(self) -> None:
        self.credentials(HTTP_X_CSRFTOKEN=self.cookies["csrftoken"].value)

    def fetch_csrf(self) -> Portal:
        assert self.get("/api/auth/csrf").status_code == 200
        self.use_csrf_cookie()
        return self

    def sign_in(self, email: str, password: str = PASSWORD) -> Portal:
        self.fetch_csrf()
        response = self.post("/api/auth/login", {"email": email, "password": password})
        assert response.status_code == 200, response.content
        self.use_csrf_cookie()  # sign-in rotates the token
        return self


@pytest.fixture
def portal(db) -> Portal:
    return Portal().fetch_csrf()


def make_account(tenant, password: str = PASSWORD):
    from accounts import services

    return services.tenant_account_create(
        email=tenant.email,
        first_name=tenant.first_name,
        last_name=tenant.last_name,
        tenant_id=tenant.id,
        password=password,
    )


@pytest.fixture
def alice_account(db):
    return make_account(TENANT_A)


@pytest.fixture
def ben_account(db):
    return make_account(TENANT_B)


@pytest.fixture
def alice(alice_account) -> Portal:
    """Tenant A signed in."""
    return Portal().sign_in(TENANT_A.email)


@pytest.fixture
def ben(ben_account) -> Portal:
    """Tenant B signed in."""
    return Portal().sign_in(TENANT_B.email)
