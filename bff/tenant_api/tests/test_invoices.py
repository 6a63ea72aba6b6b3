import json
import uuid

import pytest
from fake_services import TENANT_A, _id

INVOICES = "/api/tenant/invoices"
PAID = _id("f", 1)  # Alice's October invoice, paid
OPEN = _id("f", 2)  # Alice's November invoice, 1850.00 due
PROBLEM = "application/problem+json"


def pay(client, invoice_id=OPEN, key="key-1", **body):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return client.post(
        f"{INVOICES}/{invoice_id}/pay", {"amount": "100.00", "method": "card", **body}, **headers
    )


def payment_posts(platform):
    return [r for r in platform.financial.requests if r.method == "POST"]


# ── list and detail ───────────────────────────────────────────────────────────────────────────────
def test_invoice_list_is_the_tenants_newest_first(alice):
    body = alice.get(INVOICES).json()
    assert body["count"] == 3
    assert [inv["period"] for inv in body["results"]] == ["2026-12", "2026-11", "2026-10"]
    assert set(body["results"][0]) == {
        "id", "number", "tenant_id", "lease_id", "period", "issue_date", "due_date", "currency", "status",
        "total", "amount_paid", "amount_due",
    }  # fmt: skip
    assert body["results"][0]["total"] == "1850.00"


def test_invoice_list_filters_by_status(alice, platform):
    response = alice.get(INVOICES, {"status": "paid"})
    assert [inv["id"] for inv in response.json()["results"]] == [PAID]
    assert platform.financial.calls_for(response)[0].query["status"] == ["paid"]


def test_invoice_list_pages_with_links_to_the_bff(alice):
    first = alice.get(INVOICES, {"page_size": 2}).json()
    assert first["count"] == 3 and len(first["results"]) == 2
    assert first["next"] == "http://testserver/api/tenant/invoices?page=2&page_size=2"
    assert first["previous"] is None
    second = alice.get(INVOICES, {"page_size": 2, "page": 2}).json()
    assert len(second["results"]) == 1
    assert second["next"] is None
    assert second["previous"] == "http://testserver/api/tenant/invoices?page_size=2"
    assert alice.get(INVOICES, {"page": 9}).status_code == 404


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "bogus"}, "status"),
        ({"page_size": 101}, "page_size"),
        ({"page": 0}, "page"),
        ({"page": "x"}, "page"),
    ],
)
def test_invoice_list_rejects_bad_parameters_per_field(alice, platform, params, field):
    response = alice.get(INVOICES, params)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert platform.calls_for(response) == []


def test_invoice_detail_has_lines_and_payments(alice):
    body = alice.get(f"{INVOICES}/{PAID}").json()
    assert body["id"] == PAID
    assert body["lines"][0]["amount"] == "1850.00"
    assert body["lines"][0]["quantity"] == "1.00"
    assert body["payments"] == []


def test_unknown_invoice_is_404(alice):
    response = alice.get(f"{INVOICES}/{uuid.uuid4()}")
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM


def test_malformed_invoice_id_is_404_problem(alice):
    response = alice.get(f"{INVOICES}/not-a-uuid")
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM


# ── pay ───────────────────────────────────────────────────────────────────────────────────────────
def test_pay_creates_a_payment_and_forwards_tenant_and_a_tenant_scoped_key(alice, platform):
    response = pay(alice, amount="100")
    assert response.status_code == 201
    assert response.json()["amount"] == "100.00"
    assert response.json()["method"] == "card"
    assert "Idempotent-Replayed" not in response
    [post] = payment_posts(platform)
    assert json.loads(post.body) == {"tenant_id": str(TENANT_A.id), "amount": "100.00", "method": "card"}
    assert post.headers["idempotency-key"] == f"{TENANT_A.id}:key-1"
    assert alice.get(f"{INVOICES}/{OPEN}").json()["amount_due"] == "1750.00"


def test_a_double_submitted_payment_pays_once(alice, platform):
    first = pay(alice, key="double-click")
    second = pay(alice, key="double-click")
    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    invoice = alice.get(f"{INVOICES}/{OPEN}").json()
    assert len(invoice["payments"]) == 1
    assert invoice["amount_due"] == "1750.00"


def test_reusing_a_key_with_another_amount_is_422(alice):
    pay(alice, key="k")
    response = pay(alice, key="k", amount="200.00")
    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM


@pytest.mark.parametrize("key", [None, "", "has space", "x" * 201])
def test_pay_without_a_valid_idempotency_key_is_400(alice, platform, key):
    response = pay(alice, key=key)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["Idempotency-Key"]
    assert payment_posts(platform) == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"amount": "0"}, "amount"),
        ({"amount": "-5"}, "amount"),
        ({"amount": "1.001"}, "amount"),
        ({"amount": "abc"}, "amount"),
        ({"method": "cash"}, "method"),
    ],
)
def test_pay_validates_each_field(alice, platform, body, field):
    response = pay(alice, **body)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert payment_posts(platform) == []


def test_overpaying_is_400_with_financials_field_error(alice):
    response = pay(alice, amount="5000.00")
    assert response.status_code == 400
    assert response.json()["errors"] == {"amount": ["Pay more than 0 and at most the amount due."]}


def test_paying_a_paid_invoice_is_409(alice):
    response = pay(alice, invoice_id=PAID)
    assert response.status_code == 409
    assert response.json()["title"] == "Conflict"


def test_pay_with_financial_down_is_503(alice, platform):
    platform.financial.stop()
    response = pay(alice)
    assert response.status_code == 503
    assert response["Content-Type"] == PROBLEM
    assert response.json()["title"] == "Service unavailable"
    assert "financial" in response.json()["detail"]
