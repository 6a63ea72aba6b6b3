"""The real images in docker compose: hardened containers, working journeys, data that survives a restart.

Run by `make test-containers` after `make images`; tests run in file order (the restart comes last).
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta

import pytest
import requests

from .conftest import MARKET, ROOT, TENANT, Tenant, compose, containers, localhost_session, new_key, up

pytestmark = pytest.mark.usefixtures("stack")
created: dict[str, str] = {}


def test_every_container_runs_as_a_non_root_user_with_a_read_only_root_filesystem():
    found = containers()
    services = {c["Config"]["Labels"]["com.docker.compose.service"] for c in found}
    assert services >= {
        "postgres",
        "property",
        "financial",
        "maintenance",
        "bff",
        "tenant-portal",
        "market-portal",
    }
    for container in found:
        name, user = container["Name"], container["Config"]["User"]
        assert user and user.split(":")[0] not in ("0", "root"), (
            f"{name} runs as {user or 'root (no user set)'}"
        )
        assert container["HostConfig"]["ReadonlyRootfs"], f"{name} has a writable root filesystem"
        if container["State"]["Running"]:
            uid = subprocess.run(
                ["docker", "exec", container["Id"], "id", "-u"], capture_output=True, text=True, check=True
            ).stdout.strip()
            assert uid != "0", f"{name}: a process runs as root"


def test_the_portals_answer_and_the_market_search_goes_through_to_property_service():
    assert requests.get(f"{MARKET}/", timeout=10).status_code == 200
    assert requests.get(f"{TENANT}/healthz", timeout=10).status_code == 200
    listings = requests.get(f"{MARKET}/api/market/listings", params={"city": "Portland"}, timeout=10).json()
    assert listings["count"] >= 1
    assert {item["unit"]["property"]["city"] for item in listings["results"]} == {"Portland"}
    page = requests.get(f"{MARKET}/listings/{listings['results'][0]['id']}", timeout=10)
    assert page.status_code == 200 and listings["results"][0]["title"] in page.text


def test_the_end_to_end_journeys_pass_against_the_compose_stack():
    """The browser suite of tests/e2e, pointed at the containers (same ports as the local stack)."""
    env = {
        **os.environ,
        "E2E_STOP_MAINTENANCE": "docker compose stop maintenance",
        "E2E_START_MAINTENANCE": "docker compose start maintenance",
    }
    result = subprocess.run([sys.executable, "-m", "pytest", "-q"], cwd=ROOT / "tests" / "e2e", env=env)
    assert result.returncode == 0, "the end-to-end journeys failed against the compose stack (output above)"


def test_a_renter_applies_and_gets_a_reference():
    http = localhost_session()
    http.get(f"{MARKET}/api/auth/csrf", timeout=10)
    listing = http.get(f"{MARKET}/api/market/listings", timeout=10).json()["results"][0]
    body = {
        "listing_id": listing["id"],
        "full_name": "Robin Renter",
        "email": "robin.renter@example.com",
        "phone": "+1 503 555 0199",
        "move_in_date": (date.fromisoformat(listing["available_from"]) + timedelta(days=7)).isoformat(),
        "occupants": 2,
        "message": "Compose smoke test",
        "website": "",
    }
    headers = {"X-CSRFToken": http.cookies.get("csrftoken", ""), "Origin": MARKET, "Referer": f"{MARKET}/"}
    response = http.post(f"{MARKET}/api/market/applications", json=body, headers=headers, timeout=10)
    assert response.status_code == 201, response.text
    created["application"] = response.json()["number"]
    assert created["application"].startswith("APP-")


def test_a_tenant_pays_an_invoice_once_even_when_the_request_is_sent_twice():
    alice = Tenant("alice@example.com")
    dashboard = alice.get("/api/tenant/dashboard")
    assert dashboard["degraded"] == [] and dashboard["lease"] is not None
    # The journeys above may have paid the newest invoice: take any still unpaid.
    invoice = next(
        i for i in alice.get("/api/tenant/invoices")["results"] if i["status"] in ("open", "overdue")
    )
    key = new_key()
    first = alice.pay(invoice["id"], invoice["amount_due"], key)
    second = alice.pay(invoice["id"], invoice["amount_due"], key)
    assert first.status_code == 201, first.text
    assert second.status_code == 201 and second.json() == first.json()
    detail = alice.get(f"/api/tenant/invoices/{invoice['id']}")
    assert detail["status"] == "paid" and len(detail["payments"]) == 1
    created["invoice"] = invoice["id"]


def test_data_survives_a_restart_of_the_stack():
    assert created, "the earlier tests create the data this one looks for"
    compose("down")  # keeps the volumes, as a host reboot would
    up()
    alice = Tenant("alice@example.com")
    detail = alice.get(f"/api/tenant/invoices/{created['invoice']}")
    assert detail["status"] == "paid" and len(detail["payments"]) == 1
    count = compose(
        "exec",
        "-T",
        "property",
        "python",
        "manage.py",
        "shell",
        "-c",
        f"from leasing.models import RentalApplication as A; print(A.objects.filter(seq=int('{created['application'][4:]}')).count())",
    ).stdout.split()[-1]
    assert count == "1", f"{created['application']} was lost in the restart"
