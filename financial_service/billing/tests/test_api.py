"""The internal API the BFF reads: invoices, invoice detail, tenant balance."""

import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from billing import services
from billing.models import Invoice
from billing.tests.factories import InvoiceFactory, pay

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def test_invoices_are_listed_for_one_tenant_newest_first_with_derived_amounts(bff, tenant_id):
    older = InvoiceFactory(tenant_id=tenant_id, issue_date=date(2026, 9, 1), rent=Decimal("1850.00"))
    newer = InvoiceFactory(tenant_id=tenant_id, issue_date=date(2026, 10, 1), rent=Decimal("1850.00"))
    pay(newer, "1000.00")
    InvoiceFactory()  # another tenant's

    response = bff.get("/api/v1/invoices/", {"tenant_id": str(tenant_id)})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [i["id"] for i in body["results"]] == [str(newer.id), str(older.id)]
    first = body["results"][0]
    assert first == {
        "id": str(newer.id),
        "number": newer.number,
        "tenant_id": str(tenant_id),
        "lease_id": str(newer.lease_id),
        "period": newer.period,
        "issue_date": "2026-10-01",
        "due_date": newer.due_date.isoformat(),
        "currency": "USD",
        "status": "open",
        "total": "1850.00",
        "amount_paid": "1000.00",
        "amount_due": "850.00",
    }


def test_invoices_filter_by_status(bff, tenant_id):
    InvoiceFactory(tenant_id=tenant_id)
    paid = InvoiceFactory(tenant_id=tenant_id, rent=Decimal("5.00"))
    pay(paid, "5.00")
    response = bff.get("/api/v1/invoices/", {"tenant_id": str(tenant_id), "status": "paid"})
    assert [i["id"] for i in response.json()["results"]] == [str(paid.id)]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "tenant_id"),
        ({"tenant_id": "not-a-uuid"}, "tenant_id"),
        ({"tenant_id": ""}, "tenant_id"),
        ({"tenant_id": str(uuid.uuid4()), "status": "late"}, "status"),
        ({"tenant_id": str(uuid.uuid4()), "status": ""}, "status"),
        ({"tenant_id": str(uuid.uuid4()), "page_size": "ten"}, "page_size"),
    ],
)
def test_invoice_list_parameters_are_validated(bff, params, field):
    response = bff.get("/api/v1/invoices/", params)
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert field in response.json()["errors"]


def test_the_invoice_list_costs_the_same_queries_for_1_or_30_invoices(
    bff, tenant_id, django_assert_num_queries
):
    InvoiceFactory(tenant_id=tenant_id)
    with django_assert_num_queries(2):  # count + page (amounts are subqueries of the page query)
        bff.get("/api/v1/invoices/", {"tenant_id": str(tenant_id)})
    for _ in range(29):
        pay(InvoiceFactory(tenant_id=tenant_id, rent=Decimal("10.00")), "4.00")
    with django_assert_num_queries(2):
        response = bff.get("/api/v1/invoices/", {"tenant_id": str(tenant_id), "page_size": 30})
    assert len(response.json()["results"]) == 30


def test_invoice_detail_has_lines_and_payments(bff, tenant_id, django_assert_num_queries):
    invoice = InvoiceFactory(
        tenant_id=tenant_id,
        lines=[services.LineSpec("Rent", Decimal("1850.00")), services.LineSpec("Parking", Decimal("75.00"))],
    )
    pay(invoice, "925.00", method="bank_transfer")
    with django_assert_num_queries(3):  # invoice, lines, payments
        response = bff.get(f"/api/v1/invoices/{invoice.id}/", {"tenant_id": str(tenant_id)})
    body = response.json()
    assert body["total"] == "1925.00" and body["amount_due"] == "1000.00"
    assert [
        (line["description"], line["quantity"], line["unit_price"], line["amount"]) for line in body["lines"]
    ] == [
        ("Rent", "1.00", "1850.00", "1850.00"),
        ("Parking", "1.00", "75.00", "75.00"),
    ]
    [payment] = body["payments"]
    assert payment["amount"] == "925.00" and payment["method"] == "bank_transfer"
    assert set(payment) == {
        "id",
        "invoice_id",
        "amount",
        "currency",
        "method",
        "status",
        "provider_reference",
        "received_at",
    }


def test_another_tenants_invoice_is_not_found(bff, tenant_id):
    invoice = InvoiceFactory()
    response = bff.get(f"/api/v1/invoices/{invoice.id}/", {"tenant_id": str(tenant_id)})
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM


def test_invoice_detail_needs_the_tenant(bff):
    invoice = InvoiceFactory()
    response = bff.get(f"/api/v1/invoices/{invoice.id}/")
    assert response.status_code == 400
    assert "tenant_id" in response.json()["errors"]


def test_balance_sums_what_is_due_overdue_and_next(bff, tenant_id):
    today = timezone.localdate()
    InvoiceFactory(tenant_id=tenant_id, rent=Decimal("100.00"), due_date=today - timedelta(days=30))
    partly = InvoiceFactory(tenant_id=tenant_id, rent=Decimal("200.00"), due_date=today - timedelta(days=1))
    pay(partly, "50.55")
    InvoiceFactory(tenant_id=tenant_id, rent=Decimal("300.00"), due_date=today + timedelta(days=3))
    InvoiceFactory(tenant_id=tenant_id, rent=Decimal("400.00"), due_date=today + timedelta(days=33))
    paid = InvoiceFactory(tenant_id=tenant_id, rent=Decimal("500.00"), due_date=today + timedelta(days=3))
    pay(paid, "500.00")
    InvoiceFactory(tenant_id=tenant_id, status=Invoice.Status.DRAFT, rent=Decimal("999.00"))
    InvoiceFactory(rent=Decimal("700.00"))  # someone else's

    response = bff.get(f"/api/v1/tenants/{tenant_id}/balance")

    assert response.status_code == 200
    assert response.json() == {
        "tenant_id": str(tenant_id),
        "currency": "USD",
        "outstanding": "949.45",
        "overdue": "249.45",
        "next_due_date": (today + timedelta(days=3)).isoformat(),
        "next_due_amount": "300.00",
        "open_invoices": 4,
    }


def test_a_tenant_without_invoices_owes_nothing(bff, tenant_id):
    response = bff.get(f"/api/v1/tenants/{tenant_id}/balance")
    assert response.json() == {
        "tenant_id": str(tenant_id),
        "currency": "USD",
        "outstanding": "0.00",
        "overdue": "0.00",
        "next_due_date": None,
        "next_due_amount": None,
        "open_invoices": 0,
    }


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/invoices/?tenant_id={t}"),
        ("get", "/api/v1/invoices/{i}/?tenant_id={t}"),
        ("post", "/api/v1/invoices/{i}/payments"),
        ("get", "/api/v1/tenants/{t}/balance"),
    ],
)
def test_only_the_bff_may_call(service_client, method, path):
    invoice = InvoiceFactory()
    url = path.format(t=invoice.tenant_id, i=invoice.id)
    anonymous = getattr(service_client(None), method)(url)
    assert anonymous.status_code == 401 and anonymous["Content-Type"] == PROBLEM
    other = getattr(service_client("maintenance-service"), method)(url)
    assert other.status_code == 403 and other["Content-Type"] == PROBLEM
    wrong = service_client(None)
    wrong.credentials(HTTP_AUTHORIZATION="Bearer not-a-known-token")
    assert getattr(wrong, method)(url).status_code == 401
