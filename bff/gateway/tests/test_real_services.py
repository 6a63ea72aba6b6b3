"""The BFF against the real services: property-, financial- and maintenance-service each run under
gunicorn (production settings) on their own PostgreSQL database, migrated and seeded with the demo
data, on this project's test ports (8133-8135). No stand-ins: what the portals would see.

A service whose project is not in the checkout is skipped, saying so.
"""

from __future__ import annotations

import json
import os
import socket
import struct
import tempfile
import threading
import zlib
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest
from conftest import Portal, point_clients_at
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from servicekit import demo
from servicekit.testing.processes import GunicornProcess, free_port, prepare_database

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[3]
BASE_PORT = int(os.environ.get("BFF_TEST_REAL_PORT", "8133"))
SERVICES = {  # name → (project folder, port)
    "property-service": ("property_service", BASE_PORT),
    "financial-service": ("financial_service", BASE_PORT + 1),
    "maintenance-service": ("maintenance_service", BASE_PORT + 2),
}
BFF_TOKEN = "integration-token-bff"
FINANCIAL_TOKEN = "integration-token-financial"
ALICE, BEN = demo.TENANTS[0], demo.TENANTS[1]


def png_bytes() -> bytes:
    """A real 1x1 PNG (maintenance-service decodes what it is sent)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)  # 1x1, 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


PNG = png_bytes()


def usable(port: int) -> int:
    """The port, or a free one when it is taken (another run of these tests on this machine)."""
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return free_port()
    return port


def server_url() -> str:
    db = settings.DATABASES["default"]
    return f"postgresql://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"


def fresh_database(name: str) -> str:
    with psycopg.connect(f"{server_url()}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server_url()}/{name}"


@pytest.fixture(scope="session")
def real_services():
    # servicekit's pytest plugin has already refused anything but PostgreSQL.
    running: dict[str, GunicornProcess] = {}
    media = tempfile.TemporaryDirectory(prefix="bff-it-media-")
    try:
        for service, (folder, port) in SERVICES.items():
            project = ROOT / folder
            if not (project / "manage.py").exists():
                continue
            database = prepare_database(project, fresh_database(f"bff_it_{folder}"))
            env = {
                # Not this test run's settings module, which the environment carries.
                "DJANGO_SETTINGS_MODULE": "config.settings.production",
                "DATABASE_URL": database,
                "SERVICE_TOKENS": f"bff={BFF_TOKEN}",
                "OTEL_SDK_DISABLED": "true",
                "LOG_LEVEL": "WARNING",
                "MEDIA_ROOT": media.name,
            }
            if service == "property-service":
                env["SERVICE_TOKENS"] += f",financial-service={FINANCIAL_TOKEN}"
            if service == "financial-service":
                env |= {
                    "PROPERTY_SERVICE_URL": running["property-service"].url,
                    "PROPERTY_SERVICE_TOKEN": FINANCIAL_TOKEN,
                }
            running[service] = GunicornProcess(
                project, port=usable(port), env=env, workers=1, threads=4
            ).start()
        for server in running.values():
            server.wait_ready()
        yield {service: server.url for service, server in running.items()}
    finally:
        for server in running.values():
            server.stop()
        media.cleanup()


@pytest.fixture
def services(real_services, platform, monkeypatch):
    """The BFF's clients pointed at the real services (instead of the stand-ins of the other tests)."""
    point_clients_at(monkeypatch, real_services, BFF_TOKEN)
    return real_services


@pytest.fixture
def accounts(transactional_db):
    call_command("seed_demo")


@pytest.fixture
def alice(accounts) -> Portal:
    return Portal().sign_in(ALICE.email, demo.DEMO_PASSWORD)


@pytest.fixture
def ben(accounts) -> Portal:
    return Portal().sign_in(BEN.email, demo.DEMO_PASSWORD)


# ── the tenant's dashboard and lists ──────────────────────────────────────────────────────────────
def test_dashboard_from_the_real_services(services, alice):
    body = alice.get("/api/tenant/dashboard").json()
    assert body["degraded"] == []
    assert body["lease"]["id"] == str(demo.LEASES[0].id)
    assert body["lease"]["property"]["name"] == "Alder Court"
    assert body["balance"]["tenant_id"] == str(ALICE.id)
    assert body["next_invoice"]["tenant_id"] == str(ALICE.id)
    assert body["open_work_orders"] and {wo["tenant_id"] for wo in body["open_work_orders"]} == {
        str(ALICE.id)
    }


def test_the_bff_schema_fits_what_the_real_services_send(services, alice):
    """Every projection (invoice, payment, work order with timeline) reads the real shapes."""
    invoice = alice.get("/api/tenant/invoices").json()["results"][0]
    detail = alice.get(f"/api/tenant/invoices/{invoice['id']}").json()
    assert detail["lines"] and detail["total"] == invoice["total"]
    work_order = alice.get("/api/tenant/work-orders").json()["results"][0]
    detail = alice.get(f"/api/tenant/work-orders/{work_order['id']}").json()
    assert detail["timeline"][0]["kind"] == "status"


# ── BOLA: Alice against Ben's objects, through the real services ──────────────────────────────────
def test_alice_cannot_read_pay_comment_on_or_cancel_anything_of_ben(services, alice, ben):
    ben_invoices = ben.get("/api/tenant/invoices").json()["results"]
    ben_work_orders = ben.get("/api/tenant/work-orders").json()["results"]
    assert ben_invoices and ben_work_orders
    unpaid = next(inv for inv in ben_invoices if inv["status"] in ("open", "overdue"))
    cancellable = next((wo for wo in ben_work_orders if wo["cancellable"]), ben_work_orders[0])

    assert alice.get(f"/api/tenant/invoices/{unpaid['id']}").status_code == 404
    paid = alice.post(
        f"/api/tenant/invoices/{unpaid['id']}/pay",
        {"amount": "1.00", "method": "card"},
        HTTP_IDEMPOTENCY_KEY="bola",
    )
    assert paid.status_code == 404
    for wo in ben_work_orders:
        assert alice.get(f"/api/tenant/work-orders/{wo['id']}").status_code == 404
    assert (
        alice.post(f"/api/tenant/work-orders/{cancellable['id']}/comments", {"body": "hi"}).status_code == 404
    )
    assert alice.post(f"/api/tenant/work-orders/{cancellable['id']}/cancel", {}).status_code == 404

    # Nothing changed for Ben.
    after = ben.get(f"/api/tenant/invoices/{unpaid['id']}").json()
    assert after["amount_due"] == unpaid["amount_due"]
    assert ben.get(f"/api/tenant/work-orders/{cancellable['id']}").json()["status"] == cancellable["status"]

    # No list of Alice's has anything of Ben's.
    for path in (
        "/api/tenant/invoices?page_size=100",
        "/api/tenant/work-orders?page_size=100",
        "/api/tenant/dashboard",
    ):
        text = alice.get(path).content.decode()
        assert str(BEN.id) not in text
        assert all(inv["id"] not in text for inv in ben_invoices)
        assert all(wo["id"] not in text for wo in ben_work_orders)


# ── payments exactly once ─────────────────────────────────────────────────────────────────────────
def test_a_double_submitted_payment_creates_one_payment_in_financial_service(services, alice):
    invoice = next(
        inv
        for inv in alice.get("/api/tenant/invoices").json()["results"]
        if inv["status"] in ("open", "overdue")
    )
    before = alice.get(f"/api/tenant/invoices/{invoice['id']}").json()
    path = f"/api/tenant/invoices/{invoice['id']}/pay"
    body = {"amount": "25.00", "method": "card"}

    # A double click: two requests with one key, at the same moment, from two threads.
    answers = []
    start = threading.Barrier(2)

    def submit():
        client = Portal()
        client.cookies = alice.cookies
        client.use_csrf_cookie()
        start.wait()
        answers.append(client.post(path, body, HTTP_IDEMPOTENCY_KEY="double-click-1"))

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # ...and a retry of the same intent later.
    answers.append(alice.post(path, body, HTTP_IDEMPOTENCY_KEY="double-click-1"))

    ok = [a for a in answers if a.status_code == 201]
    assert ok, [(a.status_code, a.content) for a in answers]
    assert {a.json()["id"] for a in ok} == {ok[0].json()["id"]}
    assert all(a.status_code in (201, 409) for a in answers), [(a.status_code, a.content) for a in answers]
    after = alice.get(f"/api/tenant/invoices/{invoice['id']}").json()
    new_payments = [p for p in after["payments"] if p["id"] not in {q["id"] for q in before["payments"]}]
    assert [p["id"] for p in new_payments] == [ok[0].json()["id"]]
    assert Decimal(after["amount_due"]) == Decimal(before["amount_due"]) - Decimal("25.00")

    # The same key with another amount is refused.
    other = alice.post(path, {**body, "amount": "30.00"}, HTTP_IDEMPOTENCY_KEY="double-click-1")
    assert other.status_code == 422


# ── maintenance through the BFF ───────────────────────────────────────────────────────────────────
def test_open_a_request_with_a_photo_comment_and_cancel(services, alice):
    created = alice.post(
        "/api/tenant/work-orders",
        {
            "category": "plumbing",
            "priority": "high",
            "title": "Leaking pipe",
            "description": "Water under the kitchen sink since this morning.",
            "photos": [SimpleUploadedFile("leak.png", PNG, "image/png")],
        },
        format="multipart",
    )
    assert created.status_code == 201, created.content
    work_order = created.json()
    assert work_order["unit_id"] == str(demo.LEASES[0].unit_id)
    photo = alice.get(work_order["photos"][0]["url"])
    assert photo.status_code == 200 and photo.content == PNG
    comment = alice.post(
        f"/api/tenant/work-orders/{work_order['id']}/comments", {"body": "It is getting worse."}
    )
    assert comment.status_code == 201
    assert comment.json()["author_name"] == "Alice Moreau"
    cancelled = alice.post(f"/api/tenant/work-orders/{work_order['id']}/cancel", {"reason": "Fixed"})
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    again = alice.post(f"/api/tenant/work-orders/{work_order['id']}/cancel", {})
    assert again.status_code == 409


# ── the market, public ────────────────────────────────────────────────────────────────────────────
def test_market_search_detail_and_apply_through_real_property_service(services, transactional_db):
    client = Portal().fetch_csrf()
    page = client.get("/api/market/listings", {"city": "Portland", "ordering": "rent"}).json()
    assert page["count"] >= 1
    rents = [float(listing["monthly_rent"]) for listing in page["results"]]
    assert rents == sorted(rents)
    listing = client.get(f"/api/market/listings/{page['results'][0]['id']}").json()
    assert listing["unit"]["property"]["city"] == "Portland"
    assert "Portland" in client.get("/api/market/cities").json()["cities"]
    application = {
        "listing_id": listing["id"],
        "full_name": "Robin Renter",
        "email": "robin.it@example.com",
        "phone": "+1 503 555 0199",
        "move_in_date": listing["available_from"],
        "occupants": 1,
        "message": "",
        "website": "",
    }
    created = client.post("/api/market/applications", application)
    assert created.status_code == 201, created.content
    assert created.json()["number"].startswith("APP-")
    duplicate = client.post("/api/market/applications", application)
    assert duplicate.status_code == 409
    past = client.post(
        "/api/market/applications", {**application, "email": "x@example.com", "move_in_date": "2001-01-01"}
    )
    assert past.status_code == 400
    assert "move_in_date" in json.loads(past.content)["errors"]
