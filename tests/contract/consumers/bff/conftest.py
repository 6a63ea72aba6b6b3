"""The BFF as a consumer: its own views and downstream clients, pointed at Pact mock servers.

Tests call the BFF's API in process (Django's test client), exactly as a portal would, so the
requests the mock servers see are the ones the BFF's real code makes, and the test also checks what
the BFF turns each answer into.
"""

from __future__ import annotations

import pytest
from bff_examples import TENANT_EMAIL, TENANT_ID, TOKEN
from pact import Pact
from pactkit import PACT_DIR
from rest_framework.test import APIClient

from servicekit.client import reset_clients

SERVICES = ("property-service", "financial-service", "maintenance-service")
NOWHERE = "http://127.0.0.1:9"  # nothing listens: a call nobody expected fails at once


def _prefix(service: str) -> str:
    return service.upper().replace("-", "_")


@pytest.fixture(autouse=True)
def downstreams(monkeypatch):
    """``downstreams(service, url)`` points the BFF's client for ``service`` at ``url``.

    One attempt per call (no retries), so a mock server sees each request once.
    """
    for service in SERVICES:
        monkeypatch.setenv(f"{_prefix(service)}_URL", NOWHERE)
        monkeypatch.setenv(f"{_prefix(service)}_TOKEN", TOKEN)
        monkeypatch.setenv(f"{_prefix(service)}_RETRIES", "0")
    reset_clients()

    def point(service: str, url, *, token: str | None = TOKEN) -> None:
        monkeypatch.setenv(f"{_prefix(service)}_URL", str(url))
        monkeypatch.setenv(f"{_prefix(service)}_TOKEN", token or "")
        reset_clients()

    yield point
    reset_clients()


@pytest.fixture
def pact_with(request):
    """``pact_with("property-service")``: the BFF's pact with a provider, written if the test passes.

    Interactions from every test are merged into one file per provider (run.sh clears the folder
    first, so an interaction deleted here disappears from the pact too).
    """
    made: dict[str, Pact] = {}

    def make(provider: str) -> Pact:
        if provider not in made:
            made[provider] = Pact("bff", provider).with_specification("V4")
        return made[provider]

    yield make
    if getattr(request.node, "contract_passed", False):
        for pact in made.values():
            pact.write_file(PACT_DIR, overwrite=False)


@pytest.fixture
def visitor(db) -> APIClient:
    """Someone on the market portal (not signed in)."""
    return APIClient()


@pytest.fixture
def tenant(db) -> APIClient:
    """A tenant signed in to the tenant portal, as the account of TENANT_ID."""
    from accounts import services

    account = services.tenant_account_create(
        email=TENANT_EMAIL, first_name="Alice", last_name="Contract", tenant_id=TENANT_ID
    )
    client = APIClient()
    client.force_login(account.user)
    return client
