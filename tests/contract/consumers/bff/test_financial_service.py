"""The BFF → financial-service contract: balance, invoices, and paying exactly once (Idempotency-Key
replay, a key reused with another body, an amount over what is due, a paid invoice)."""

from __future__ import annotations

import pytest
from bff_examples import AUTH, OTHER_TENANT_ID, TENANT_ID
from pact import match
from pactkit.matchers import PROBLEM_JSON, day, integer, moment, money, page, problem, text, uuid

PROVIDER = "financial-service"
INVOICE_ID = "f0000000-0000-4000-8000-00000000c0de"
OTHER_INVOICE_ID = "f0000000-0000-4000-8000-0000000b0b00"
LEASE_ID = "d0000000-0000-4000-8000-00000000c0de"
INVOICES = "/api/v1/invoices/"
KEY = "0c1d2e3f-4a5b-4c6d-8e7f-80910a1b2c3d"  # what the portal sends, once per payment intent
# The BFF namespaces the portal's key by tenant before passing it on.
DOWNSTREAM_KEY = f"{TENANT_ID}:{KEY}"


def invoice_summary(status: str = "open") -> dict:
    return {
        "id": uuid(INVOICE_ID),
        "number": match.regex("INV-2026-000123", regex=r"^INV-[0-9]{4}-[0-9]{6}$"),
        "tenant_id": uuid(TENANT_ID),
        "lease_id": uuid(LEASE_ID),
        "period": match.regex("2026-11", regex=r"^[0-9]{4}-[0-9]{2}$"),
        "issue_date": day("2026-11-01"),
        "due_date": day("2026-11-05"),
        "currency": match.regex("USD", regex=r"^[A-Z]{3}$"),
        "status": status,
        "total": money("1850.00"),
        "amount_paid": money("100.00"),
        "amount_due": money("1750.00"),
    }


def payment_body(amount: str = "50.00", method: str = "card") -> dict:
    return {
        "id": uuid("f1000000-0000-4000-8000-00000000c0de"),
        "invoice_id": uuid(INVOICE_ID),
        "amount": money(amount),
        "currency": match.regex("USD", regex=r"^[A-Z]{3}$"),
        "method": method,
        "status": text("succeeded"),
        "provider_reference": text("FIN-0A1B2C3D4E5F"),
        "received_at": moment("2026-11-28T10:00:00.000000Z"),
    }


def invoice_detail(status: str = "open") -> dict:
    return {
        **invoice_summary(status),
        "lines": match.each_like(
            {
                "id": uuid("f2000000-0000-4000-8000-00000000c0de"),
                "description": text("Rent 2026-11: Alder Court, unit 1B"),
                "quantity": match.regex("1.00", regex=r"^[0-9]+\.[0-9]{2}$"),
                "unit_price": money("1850.00"),
                "amount": money("1850.00"),
            }
        ),
        "payments": match.each_like(payment_body("100.00")),
    }


def open_invoice() -> tuple[str, dict]:
    """1850.00 billed, 100.00 paid: 1750.00 due."""
    return "an open invoice with a partial payment", {"tenant_id": TENANT_ID, "invoice_id": INVOICE_ID}


def expect_invoice_detail(pact, state: tuple[str, dict] = open_invoice(), status: str = "open"):
    """The BFF reads the invoice before paying it: that read is the tenant check."""
    (
        pact.upon_receiving(f"a request for an invoice that is {status}")
        .given(*state)
        .with_request("GET", f"{INVOICES}{INVOICE_ID}/")
        .with_query_parameters({"tenant_id": TENANT_ID})
        .with_header("Authorization", AUTH)
        .will_respond_with(200)
        .with_body(invoice_detail(status), content_type="application/json")
    )


def expect_payment(pact, description: str, state: tuple[str, dict], amount: str):
    return (
        pact.upon_receiving(description)
        .given(*state)
        .with_request("POST", f"{INVOICES}{INVOICE_ID}/payments")
        .with_header("Authorization", AUTH)
        .with_header("Idempotency-Key", DOWNSTREAM_KEY)
        .with_body(
            {"tenant_id": TENANT_ID, "amount": amount, "method": "card"}, content_type="application/json"
        )
    )


def pay(client, amount: str):
    return client.post(
        f"/api/tenant/invoices/{INVOICE_ID}/pay",
        {"amount": amount, "method": "card"},
        format="json",
        HTTP_IDEMPOTENCY_KEY=KEY,
    )


def paid_with_key(amount: str = "50.00") -> tuple[str, dict]:
    """The first request with this key was answered (201): what the store replays."""
    params = {
        "tenant_id": TENANT_ID,
        "invoice_id": INVOICE_ID,
        "key": DOWNSTREAM_KEY,
        "amount": amount,
        "method": "card",
    }
    return "a payment was made with an Idempotency-Key", params


def test_the_tenants_balance(pact_with, downstreams, tenant):
    from tenant_api import selectors
    from tenant_api.api.serializers import BalanceSerializer

    pact = pact_with(PROVIDER)
    (
        pact.upon_receiving("a request for a tenant's balance")
        .given("a tenant with open invoices", {"tenant_id": TENANT_ID})
        .with_request("GET", f"/api/v1/tenants/{TENANT_ID}/balance")
        .with_header("Authorization", AUTH)
        .will_respond_with(200)
        .with_body(
            {
                "tenant_id": uuid(TENANT_ID),
                "currency": match.regex("USD", regex=r"^[A-Z]{3}$"),
                "outstanding": money("3600.00"),
                "overdue": money("0.00"),
                "next_due_date": day("2026-12-05"),
                "next_due_amount": money("1800.00"),
                "open_invoices": integer(2),
            },
            content_type="application/json",
        )
    )
    with pact.serve() as server:
        downstreams(PROVIDER, server.url)
        balance = BalanceSerializer(selectors.balance(tenant_id=TENANT_ID)).data

    assert balance["outstanding"] == "3600.00"
    assert balance["next_due_date"] == "2026-12-05"


def test_the_tenants_open_invoices(pact_with, downstreams, tenant):
    pact = pact_with(PROVIDER)
    (
        pact.upon_receiving("a request for a tenant's open invoices")
        .given("a tenant with open invoices", {"tenant_id": TENANT_ID})
        .with_request("GET", INVOICES)
        .with_query_parameters({"tenant_id": TENANT_ID, "status": "open", "page": "1", "page_size": "20"})
        .with_header("Authorization", AUTH)
        .will_respond_with(200)
        .with_body(page(invoice_summary(), count=2), content_type="application/json")
    )
    with pact.serve() as server:
        downstreams(PROVIDER, server.url)
        response = tenant.get("/api/tenant/invoices", {"status": "open"})

    assert response.status_code == 200, response.content
    assert response.json()["results"][0]["amount_due"] == "1750.00"


def test_one_invoice_with_lines_and_payments(pact_with, downstreams, tenant):
    pact = pact_with(PROVIDER)
    expect_invoice_detail(pact)
    with pact.serve() as server:
        downstreams(PROVIDER, server.url)
        response = tenant.get(f"/api/tenant/invoices/{INVOICE_ID}")

    assert response.status_code == 200, response.content
    assert response.json()["payments"][0]["amount"] == "100.00"


def test_another_tenants_invoice_is_not_found(pact_with, downstreams, tenant):
    pact = pact_with(PROVIDER)
    (
        pact.upon_receiving("a request for an invoice of another tenant")
        .given("an invoice of another tenant", {"invoice_id": OTHER_INVOICE_ID, "tenant_id": OTHER_TENANT_ID})
        .with_request("GET", f"{INVOICES}{OTHER_INVOICE_ID}/")
        .with_query_parameters({"tenant_id": TENANT_ID})
        .with_header("Authorization", AUTH)
        .will_respond_with(404)
        .with_body(problem(404), content_type=PROBLEM_JSON)
    )
    with pact.serve() as server:
        downstreams(PROVIDER, server.url)
        response = tenant.get(f"/api/tenant/invoices/{OTHER_INVOICE_ID}")

    assert response.status_code == 404


def test_a_payment_is_made(pact_with, downstreams, tenant):
    pact = pact_with(PROVIDER)
    expect_invoice_detail(pact)
    (
        expect_payment(pact, "a payment with a new Idempotency-Key", open_invoice(), "50.00")
        .will_respond_with(201)
        .with_body(payment_body("50.00"), content_type="application/json")
    )
    with pact.serve() as server:
        downstreams(PROVIDER, server.url)
        response = pay(tenant, "50.00")

    assert response.status_code == 201, response.content
    assert response.json()["amount"] == "50.00"
    assert "Idempotent-Replayed" not in response


def test_a_retry_with_the_same_key_and_body_replays_the_first_answer(pact_with, downstreams, tenant):
    pact = pact_with(PROVIDER)
    expect_invoice_detail(pact)
    (
        expect_payment(
            pact, "a payment retried with the same Idempotency-Key and body", paid_with_key(), "50.00"
        )
        .will_respond_with(201)
        .with_header("Idempotent-Replayed", "true")
        .with_body(payment_body("50.00"), content_type="application/json")
    )
    with pact.serve() as server:
        downstreams(PROVIDER, server.url)
        response = pay(tenant, "50.00")

    assert response.status_code == 201, response.content
    assert response["Idempotent-Replayed"] == "true"


def test_the_same_key_with_another_body_is_refused(pact_with, downstreams, tenant):
    pact = pact_with(PROVIDER)
    expect_invoice_detail(pact)
    (
        expect_payment(
            pact, "a payment reusing an Idempotency-Key with another amount", paid_with_key(), "60.00"
        )
        .will_respond_with(422)
        .with_body(problem(422), content_type=PROBLEM_JSON)
    )
    with pact.serve() as server:
        downstreams(PROVIDER, server.url)
        response = pay(tenant, "60.00")

    assert response.status_code == 422


def test_more_than_is_due_is_refused_on_the_amount(pact_with, downstreams, tenant):
    pact = pact_with(PROVIDER)
    expect_invoice_detail(pact)
    (
        expect_payment(pact, "a payment of more than is due", open_invoice(), "5000.00")
        .will_respond_with(400)
        .with_body(
            problem(400, errors={"amount": "The amount due is 1750.00 USD: pay at most that."}),
            content_type=PROBLEM_JSON,
        )
    )
    with pact.serve() as server:
        downstreams(PROVIDER, server.url)
        response = pay(tenant, "5000.00")

    assert response.status_code == 400
    assert response.json()["errors"]["amount"]


def test_a_paid_invoice_cannot_be_paid_again(pact_with, downstreams, tenant):
    pact = pact_with(PROVIDER)
    paid = ("a paid invoice", {"tenant_id": TENANT_ID, "invoice_id": INVOICE_ID})
    expect_invoice_detail(pact, paid, status="paid")
    (
        expect_payment(pact, "a payment for a paid invoice", paid, "50.00")
        .will_respond_with(409)
        .with_body(problem(409), content_type=PROBLEM_JSON)
    )
    with pact.serve() as server:
        downstreams(PROVIDER, server.url)
        response = pay(tenant, "50.00")

    assert response.status_code == 409


def test_without_a_service_token_the_bff_is_refused(pact_with, downstreams, tenant):
    from tenant_api import selectors

    from servicekit.client import DownstreamHTTPError

    pact = pact_with(PROVIDER)
    (
        pact.upon_receiving("a request without a service token")
        .with_request("GET", f"/api/v1/tenants/{TENANT_ID}/balance")
        .will_respond_with(401)
        .with_body(problem(401), content_type=PROBLEM_JSON)
    )
    with pact.serve() as server, pytest.raises(DownstreamHTTPError) as refused:
        downstreams(PROVIDER, server.url, token=None)
        selectors.balance(tenant_id=TENANT_ID)

    assert refused.value.status == 401
