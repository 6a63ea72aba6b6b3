"""The end-to-end suite's set-up: where the platform is, the browser, and signed-in pages.

Runs against any deployment of the platform with the demo data (servicekit.demo): the local stack
(tests/e2e/run.sh), `make dev`, docker compose or the Kind cluster. Where it is comes from the
environment:

    E2E_TENANT_URL              http://localhost:3000          the tenant portal
    E2E_MARKET_URL              http://localhost:3001          the market portal
    E2E_PROPERTY_ADMIN_URL      http://localhost:8001/admin/   property-service's Django admin (/admin/ optional)
    E2E_FINANCIAL_ADMIN_URL     http://localhost:8002/admin/
    E2E_MAINTENANCE_ADMIN_URL   http://localhost:8003/admin/
    E2E_STAFF_USER / E2E_STAFF_PASSWORD                        the demo staff login by default
    E2E_STOP_MAINTENANCE / E2E_START_MAINTENANCE               shell commands for the resilience journey,
        e.g. `docker compose stop maintenance` / `docker compose start maintenance`, or
        `kubectl -n property-platform scale deploy maintenance-service --replicas=0` / `--replicas=1`
    E2E_CHROMIUM                /usr/bin/chromium when present, else Playwright's own browser

Browser contexts are separate cookie jars: on localhost every port shares cookies, so the tenant, each
staff admin and each other tenant get a context of their own.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect
from ui import sign_in

from servicekit import demo

HERE = Path(__file__).resolve().parent
ARTIFACTS = HERE / "artifacts"
TIMEOUT_MS = 20_000  # a loaded two-core machine renders a server page in well under this

expect.set_options(timeout=TIMEOUT_MS)


def pytest_configure(config: pytest.Config) -> None:
    # Screenshots and traces of failed journeys go to one git-ignored folder, wherever pytest runs from.
    if config.getoption("--output", default=None) == "test-results":
        config.option.output = str(ARTIFACTS)


@dataclass(frozen=True)
class Platform:
    tenant: str
    market: str
    property_admin: str
    financial_admin: str
    maintenance_admin: str
    staff_user: str
    staff_password: str
    stop_maintenance: str | None
    start_maintenance: str | None
    local_stack: bool


def _url(name: str, default: str) -> str:
    return os.environ.get(name, default).strip().rstrip("/")


def _admin_url(name: str, default: str) -> str:
    """An admin's address with or without its /admin/ path (http://property.admin.localhost is fine)."""
    url = _url(name, default)
    return url if urlsplit(url).path.endswith("/admin") else f"{url}/admin"


@pytest.fixture(scope="session")
def platform() -> Platform:
    return Platform(
        tenant=_url("E2E_TENANT_URL", "http://localhost:3000"),
        market=_url("E2E_MARKET_URL", "http://localhost:3001"),
        property_admin=_admin_url("E2E_PROPERTY_ADMIN_URL", "http://localhost:8001/admin/"),
        financial_admin=_admin_url("E2E_FINANCIAL_ADMIN_URL", "http://localhost:8002/admin/"),
        maintenance_admin=_admin_url("E2E_MAINTENANCE_ADMIN_URL", "http://localhost:8003/admin/"),
        staff_user=os.environ.get("E2E_STAFF_USER", demo.STAFF_USERNAME),
        staff_password=os.environ.get("E2E_STAFF_PASSWORD", demo.STAFF_PASSWORD),
        stop_maintenance=os.environ.get("E2E_STOP_MAINTENANCE") or None,
        start_maintenance=os.environ.get("E2E_START_MAINTENANCE") or None,
        local_stack=os.environ.get("E2E_LOCAL_STACK") == "1",
    )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Debian's Chromium here (Playwright's download does not work on this machine); Playwright's own
    browser where E2E_CHROMIUM is empty and /usr/bin/chromium is missing (a developer laptop)."""
    executable = os.environ.get(
        "E2E_CHROMIUM", "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else ""
    )
    args = dict(browser_type_launch_args)
    if executable:
        args["executable_path"] = executable
    args["args"] = [
        *(["--headless"] if args.get("headless", True) else []),
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ]
    return args


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    # The portals format dates and money for en-US; UTC keeps "today" the services' today.
    return {
        **browser_context_args,
        "locale": "en-US",
        "timezone_id": "UTC",
        "viewport": {"width": 1280, "height": 900},
    }


@pytest.fixture
def new_page(new_context) -> Callable[[], Page]:
    """A page in a fresh browser context (its own cookies)."""

    def make() -> Page:
        context = new_context()
        context.set_default_timeout(TIMEOUT_MS)
        return context.new_page()

    return make


@pytest.fixture
def tenant_page(new_page, platform) -> Callable[[str], Page]:
    """``tenant_page("ben@example.com")`` → a page signed in to the tenant portal as that tenant."""

    def make(email: str) -> Page:
        page = new_page()
        page.goto(f"{platform.tenant}/signin")
        sign_in(page, email)
        return page

    return make


@pytest.fixture
def staff_page(new_page, platform) -> Callable[[str], Page]:
    """``staff_page(platform.property_admin)`` → a page logged in to that Django admin as staff."""

    def make(admin_url: str) -> Page:
        page = new_page()
        page.goto(f"{admin_url}/login/?next={urlsplit(admin_url).path}/")
        page.get_by_label("Username").fill(platform.staff_user)
        page.get_by_label("Password").fill(platform.staff_password)
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
        return page

    return make
