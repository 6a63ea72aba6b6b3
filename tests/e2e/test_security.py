"""Security journey: one tenant cannot open another's invoice or work order by URL; a signed-out visitor
is sent to sign in (and back); the market API refuses a malformed application, and the form shows why."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from playwright.sync_api import Page, expect
from ui import sign_in

from servicekit import demo

NOT_FOUND = "We could not find that"


def first_of(page: Page, api_path: str) -> dict:
    """The first item of one of the signed-in tenant's lists, read through the portal's /api."""
    response = page.request.get(api_path)
    assert response.status == 200, response.text()
    results = response.json()["results"]
    assert results, f"the demo data gives this tenant something at {api_path}"
    return results[0]


def test_tenants_see_only_their_own_and_bad_input_is_refused(new_page, tenant_page, platform):
    # ── Tenant B's invoice and work order: B opens them; tenant A gets "not found" ───────────────────
    ben = tenant_page("ben@example.com")
    invoice = first_of(ben, f"{platform.tenant}/api/tenant/invoices")
    work_order = first_of(ben, f"{platform.tenant}/api/tenant/work-orders")
    invoice_url = f"{platform.tenant}/invoices/{invoice['id']}"
    work_order_url = f"{platform.tenant}/maintenance/{work_order['id']}"
    assert ben.goto(invoice_url).status == 200
    expect(ben.get_by_role("heading", level=1)).to_contain_text(invoice["number"])
    assert ben.goto(work_order_url).status == 200
    expect(ben.get_by_role("heading", level=1)).to_have_text(work_order["title"])

    diego = tenant_page("diego@example.com")
    for url, secret in ((invoice_url, invoice["number"]), (work_order_url, work_order["title"])):
        response = diego.goto(url)
        assert response.status == 404, url
        expect(diego.get_by_role("heading", level=1)).to_have_text(NOT_FOUND)
        expect(diego.get_by_text(secret)).to_have_count(0)
    # The API behind the pages answers the same: 404, as for an id that does not exist.
    for path in (f"invoices/{invoice['id']}", f"work-orders/{work_order['id']}"):
        answer = diego.request.get(f"{platform.tenant}/api/tenant/{path}")
        assert answer.status == 404, path
        assert answer.headers["content-type"].startswith("application/problem+json")
        assert invoice["number"] not in answer.text() and work_order["title"] not in answer.text()

    # ── Signed out: sent to sign in, then back to the page asked for ─────────────────────────────────
    visitor = new_page()
    visitor.goto(f"{platform.tenant}/invoices")
    expect(visitor).to_have_url(f"{platform.tenant}/signin?next=%2Finvoices")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(visitor.get_by_text("Please sign in to continue.")).to_be_visible()
    assert visitor.request.get(f"{platform.tenant}/api/tenant/dashboard").status == 401
    sign_in(visitor, "chloe@example.com")
    expect(visitor).to_have_url(f"{platform.tenant}/invoices")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Invoices")

    # ── A malformed application: the market API refuses it field by field ────────────────────────────
    renter = new_page()
    listing_id = demo.listing_id(next(u.id for u in demo.UNITS if u.id not in demo.LEASED_UNIT_IDS))
    renter.goto(f"{platform.market}/listings/{listing_id}/apply")
    csrf = renter.request.get(f"{platform.market}/api/auth/csrf").json()["csrf_token"]
    answer = renter.request.post(
        f"{platform.market}/api/market/applications",
        headers={"X-CSRFToken": csrf},
        data={
            "listing_id": "not-a-listing",
            "full_name": "",
            "email": "not-an-email",
            "phone": "+1 503 555 0177",
            "move_in_date": "31/12/2026",
            "occupants": 0,
        },
    )
    assert answer.status == 400
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert set(answer.json()["errors"]) == {"listing_id", "full_name", "email", "move_in_date", "occupants"}

    # Through the form: input the browser's own checks accept (a move-in date of today) but the platform
    # refuses (the home is free only later): the API's message appears on the field, nothing is sent on.
    renter.get_by_label("Full name").fill("Mallory Example")
    renter.get_by_label("Email").fill("mallory@example.com")
    renter.get_by_label("Phone").fill("+1 503 555 0177")
    renter.get_by_label("Move-in date").fill(datetime.now(UTC).date().isoformat())
    with renter.expect_response(lambda r: r.url.endswith("/api/market/applications")) as refused:
        renter.get_by_role("button", name="Send application").click()
    assert refused.value.status == 400
    move_in = renter.get_by_label("Move-in date")
    expect(move_in).to_have_attribute("aria-invalid", "true")
    expect(move_in).to_have_accessible_description(re.compile(r"available from \d{4}-\d{2}-\d{2}"))
    expect(renter.get_by_role("heading", name="Application received")).to_have_count(0)
    expect(renter).to_have_url(re.compile(r"/apply$"))
