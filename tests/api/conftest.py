"""The running stack (tests/e2e/stack.py writes its URLs and this run's service tokens to stack.json)
and a demo tenant signed in through the BFF's real sign-in."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from servicekit import demo


@dataclass(frozen=True)
class Stack:
    api_urls: dict[str, str]  # bff, property, financial, maintenance
    tokens: dict[str, str]  # bff, financial (as the services' SERVICE_TOKENS know them)


@dataclass(frozen=True)
class TenantSession:
    base_url: str
    session_id: str
    csrf_token: str

    def client(self) -> requests.Session:
        client = requests.Session()
        client.cookies.set("sessionid", self.session_id)
        client.cookies.set("csrftoken", self.csrf_token)
        client.headers["X-CSRFToken"] = self.csrf_token
        return client


@pytest.fixture(scope="session")
def stack() -> Stack:
    folder = os.environ.get("E2E_STACK_DIR")
    if not folder:
        pytest.fail("E2E_STACK_DIR is not set: run this suite with tests/api/run.sh (make test-api)")
    state = json.loads((Path(folder) / "stack.json").read_text())
    return Stack(api_urls=state["api_urls"], tokens=state["tokens"])


def sign_in(base_url: str, email: str, password: str) -> TenantSession:
    """As the Tenant Portal does: fetch the CSRF cookie, then POST the credentials with it.

    The cookies are Secure (production settings) and the stack is plain HTTP on localhost, so they are
    sent explicitly: a cookie jar would keep them back."""
    client = requests.Session()
    client.get(f"{base_url}/api/auth/csrf", timeout=10).raise_for_status()
    csrf = client.cookies["csrftoken"]
    answer = client.post(
        f"{base_url}/api/auth/login",
        json={"email": email, "password": password},
        headers={"X-CSRFToken": csrf},
        cookies={"csrftoken": csrf},
        timeout=10,
    )
    assert answer.status_code == 200, answer.text
    return TenantSession(base_url, client.cookies["sessionid"], client.cookies["csrftoken"])


@pytest.fixture(scope="session")
def alice(stack) -> TenantSession:
    return sign_in(stack.api_urls["bff"], demo.TENANTS[0].email, demo.DEMO_PASSWORD)
