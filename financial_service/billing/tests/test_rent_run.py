"""The rent run as a consumer of property-service: a Pact mock server drives the real command.

The pact is written to tests/contract/pacts/ (git-ignored) for verification against the live
provider (consumer "financial-service", provider "property-service", Pact specification V4).
"""

import http.server
import json
import os
import socket
import subprocess
import sys
import threading
from datetime import timedelta
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from pact import Pact, generate, match
from pact.match.matcher import GenericMatcher

from billing.models import Invoice
from billing.periods import Period
from billing.tests.factories import InvoiceFactory
from servicekit.client import reset_clients

ROOT = Path(__file__).resolve().parents[3]
PACT_DIR = ROOT / "tests" / "contract" / "pacts"
PROJECT = Path(__file__).resolve().parents[2]
LEASES = "/api/v1/leases/"

# Three leases the provider state creates; the consumer matches them by shape, not by value.
EXAMPLES = [
    (
        "d0000000-0000-4000-8000-000000000001",
        "c0000000-0000-4000-8000-000000000001",
        "1850.00",
        1,
        "1B",
        "Alder Court",
    ),
    (
        "d0000000-0000-4000-8000-000000000002",
        "c0000000-0000-4000-8000-000000000002",
        "2100.00",
        5,
        "201",
        "Riverside Lofts",
    ),
    (
        "d0000000-0000-4000-8000-000000000003",
        "c0000000-0000-4000-8000-000000000003",
        "1650.50",
        28,
        "A2",
        "Congress Flats",
    ),
]


def lease(lease_id, tenant_id, rent, due_day, unit, place):
    return {
        "id": match.uuid(lease_id),
        "tenant_id": match.uuid(tenant_id),
        "status": "active",
        "monthly_rent": match.regex(rent, regex=r"^[0-9]+\.[0-9]{2}$"),
        "currency": match.regex("USD", regex=r"^[A-Z]{3}$"),
        "rent_due_day": match.int(due_day, min=1, max=28),
        "unit": {"label": match.str(unit)},
        "property": {"name": match.str(place)},
    }


def next_page_link() -> GenericMatcher:
    """Any URL ending in the second page; the mock server answers it with its own base URL.

    Matcher and generator share one ``regex`` field in Pact's JSON: group 1 is the path kept.
    """
    example = (
        "http://property-service:8000/api/v1/leases/?active_on=2026-12-01&page=2&page_size=2&status=active"
    )
    regex = r"^.*(/api/v1/leases/\?.*page=2.*)$"
    return GenericMatcher(
        "regex", example, regex=regex, generator=generate.mock_server_url(regex=regex, example=example)
    )


def page_query(page: int | None) -> dict:
    query = {"status": "active", "active_on": "2026-12-01", "page_size": "2"}
    return {**query, "page": str(page)} if page else query


@pytest.fixture
def property_service_at(monkeypatch):
    """Point servicekit's client for property-service at a URL."""

    def point(url: str) -> None:
        monkeypatch.setenv("PROPERTY_SERVICE_URL", url)
        monkeypatch.setenv("PROPERTY_SERVICE_TOKEN", "test-token-financial")
        monkeypatch.setenv("PROPERTY_SERVICE_RETRIES", "1")
        reset_clients()

    yield point
    reset_clients()


@pytest.fixture
def pact():
    pact = Pact("financial-service", "property-service").with_specification("V4")
    bearer = match.regex("Bearer test-token-financial", regex=r"^Bearer \S+$")
    (
        pact.upon_receiving("a request for the first page of leases active on a day")
        .given("active leases", {"active_on": "2026-12-01", "count": 3})
        .with_request("GET", LEASES)
        .with_query_parameters(page_query(None))
        .with_header("Authorization", bearer)
        .will_respond_with(200)
        .with_body(
            {
                "count": match.int(3),
                "next": next_page_link(),
                "previous": None,
                "results": [lease(*EXAMPLES[0]), lease(*EXAMPLES[1])],
            },
            content_type="application/json",
        )
    )
    (
        pact.upon_receiving("a request for the last page of leases active on a day")
        .given("active leases", {"active_on": "2026-12-01", "count": 3})
        .with_request("GET", LEASES)
        .with_query_parameters(page_query(2))
        .with_header("Authorization", bearer)
        .will_respond_with(200)
        .with_body(
            {
                "count": match.int(3),
                "next": None,
                "previous": match.str(
                    "http://property-service:8000/api/v1/leases/?active_on=2026-12-01&page_size=2&status=active"
                ),
                "results": [lease(*EXAMPLES[2])],
            },
            content_type="application/json",
        )
    )
    return pact


def rent_run(*args) -> list[str]:
    out = StringIO()
    call_command("generate_rent_invoices", *args, stdout=out)
    return out.getvalue().splitlines()


@pytest.mark.django_db
def test_the_rent_run_bills_every_active_lease_once_following_pages(pact, property_service_at):
    with pact.serve() as server:
        property_service_at(str(server.url))
        first = rent_run("--period", "2026-12", "--page-size", "2")
        again = rent_run("--period", "2026-12", "--page-size", "2")
    pact.write_file(PACT_DIR, overwrite=True)

    assert first[-1] == "rent run 2026-12: 3 leases, 3 invoices created, 0 already existed"
    assert again[-1] == "rent run 2026-12: 3 leases, 0 invoices created, 3 already existed"
    invoices = Invoice.objects.with_amounts().order_by("lease_id")
    assert [(str(i.lease_id), str(i.tenant_id), i.total, i.due_date.day) for i in invoices] == [
        (lease_id, tenant_id, Decimal(rent), day) for lease_id, tenant_id, rent, day, _, _ in EXAMPLES
    ]
    assert {(i.period, i.currency) for i in invoices} == {("2026-12", "USD")}
    assert invoices[0].lines.get().description == "Rent 2026-12: Alder Court, unit 1B"
    written = json.loads((PACT_DIR / "financial-service-property-service.json").read_text())
    assert written["metadata"]["pactSpecification"]["version"].startswith("4")


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens here once the socket is closed


@pytest.mark.django_db
def test_unreachable_property_service_fails_the_run_and_writes_nothing(property_service_at):
    property_service_at(f"http://127.0.0.1:{closed_port()}")
    with pytest.raises(CommandError) as error:
        rent_run("--period", "2026-12")
    message = str(error.value)
    assert "\n" not in message
    assert message.startswith("rent run 2026-12: cannot read active leases from property-service")
    assert message.endswith("nothing was written.")
    assert not Invoice.objects.exists()


class _FirstPageThenError(http.server.BaseHTTPRequestHandler):
    """A property-service whose second page fails: the first page must not be billed alone."""

    def do_GET(self):
        if "page=2" in self.path:
            self.send_response(500)
            self.end_headers()
            return
        lease_id, tenant_id, rent, due_day, unit, place = EXAMPLES[0]
        body = {
            "count": 2,
            "next": f"http://{self.headers['Host']}{LEASES}?page=2&page_size=1&status=active",
            "previous": None,
            "results": [
                {
                    "id": lease_id,
                    "tenant_id": tenant_id,
                    "status": "active",
                    "monthly_rent": rent,
                    "currency": "USD",
                    "rent_due_day": due_day,
                    "unit": {"label": unit},
                    "property": {"name": place},
                }
            ],
        }
        payload = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.mark.django_db
def test_a_failure_on_a_later_page_writes_nothing(property_service_at):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _FirstPageThenError)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        property_service_at(f"http://127.0.0.1:{server.server_address[1]}")
        with pytest.raises(CommandError, match="answered 500"):
            rent_run("--period", "2026-12", "--page-size", "1")
    finally:
        server.shutdown()
    assert not Invoice.objects.exists()


def test_the_command_exits_non_zero_with_a_one_line_message():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "PROPERTY_SERVICE_URL": f"http://127.0.0.1:{closed_port()}",
        "PROPERTY_SERVICE_TOKEN": "t",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "generate_rent_invoices", "--period", "2026-12"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("CommandError")]
    assert len(errors) == 1 and "cannot read active leases from property-service" in errors[0], result.stderr


@pytest.mark.parametrize("period", ["2026-13", "26-12", "december"])
def test_a_bad_period_is_refused(period):
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("generate_rent_invoices", "--period", period)


@pytest.mark.django_db
def test_without_a_period_the_run_bills_the_current_month(property_service_at):
    property_service_at(f"http://127.0.0.1:{closed_port()}")
    with pytest.raises(CommandError, match=f"rent run {Period.of(timezone.localdate())}:"):
        rent_run()


@pytest.mark.django_db
def test_mark_overdue_invoices_marks_and_says_how_many():
    InvoiceFactory(due_date=timezone.localdate() - timedelta(days=1))
    InvoiceFactory()
    out = StringIO()
    call_command("mark_overdue_invoices", stdout=out)
    assert out.getvalue().strip() == "1 invoice(s) marked overdue"
    assert sorted(Invoice.objects.values_list("status", flat=True)) == ["open", "overdue"]
