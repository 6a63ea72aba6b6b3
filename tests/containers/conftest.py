"""The compose stack, started once for the session from images `make images` built.

CONTAINERS_KEEP=1 leaves the stack running afterwards (for poking at it).
"""

from __future__ import annotations

import json
import os
import subprocess
import uuid
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
TENANT = os.environ.get("CONTAINERS_TENANT_URL", "http://localhost:3000")
MARKET = os.environ.get("CONTAINERS_MARKET_URL", "http://localhost:3001")


def compose(*args: str, check: bool = True, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["docker", "compose", *args], cwd=ROOT, check=check, capture_output=True, text=True, timeout=timeout
    )


def up() -> None:
    result = compose("up", "-d", "--no-build", "--wait", "--wait-timeout", "300", check=False)
    if result.returncode != 0:
        logs = compose("logs", "--tail", "40", check=False).stdout
        pytest.fail(f"docker compose up failed:\n{result.stderr}\n{logs}")


def containers() -> list[dict]:
    ids = compose("ps", "-a", "-q").stdout.split()
    return json.loads(
        subprocess.run(["docker", "inspect", *ids], capture_output=True, text=True, check=True).stdout
    )


@pytest.fixture(scope="session")
def stack():
    compose("down", "-v", "--remove-orphans", check=False)
    up()
    yield
    if not os.environ.get("CONTAINERS_KEEP"):
        compose("down", "-v", "--remove-orphans", check=False)


class LocalhostSession(requests.Session):
    """Sends Secure cookies to http://localhost, as browsers do.

    Production settings mark the session and CSRF cookies Secure; browsers treat localhost as a
    secure context and send them over plain HTTP, requests does not.
    """

    def send(self, request, **kwargs):
        response = super().send(request, **kwargs)
        for cookie in self.cookies:
            cookie.secure = False
        return response


localhost_session = LocalhostSession


class Tenant:
    """A tenant's browser session against the tenant portal's origin (/api is forwarded to the BFF)."""

    def __init__(self, email: str, password: str = "tenant-demo-2026") -> None:
        self.http = localhost_session()
        self.http.get(f"{TENANT}/api/auth/csrf", timeout=10).raise_for_status()
        self.login(email, password)

    def headers(self) -> dict[str, str]:
        return {"X-CSRFToken": self.http.cookies["csrftoken"], "Origin": TENANT, "Referer": f"{TENANT}/"}

    def login(self, email: str, password: str) -> None:
        response = self.http.post(
            f"{TENANT}/api/auth/login",
            json={"email": email, "password": password},
            headers=self.headers(),
            timeout=10,
        )
        assert response.status_code == 200, response.text

    def get(self, path: str) -> dict:
        response = self.http.get(f"{TENANT}{path}", timeout=10)
        assert response.status_code == 200, f"{path}: {response.status_code} {response.text[:300]}"
        return response.json()

    def pay(self, invoice_id: str, amount: str, key: str) -> requests.Response:
        return self.http.post(
            f"{TENANT}/api/tenant/invoices/{invoice_id}/pay",
            json={"amount": amount, "method": "card"},
            headers={**self.headers(), "Idempotency-Key": key},
            timeout=15,
        )


def new_key() -> str:
    return str(uuid.uuid4())


@pytest.fixture(scope="session", autouse=True)
def _record_server_version():
    """servicekit's plugin asks Django for the database version; these tests have no Django project."""
    yield
