"""Business metrics move when money moves (read back from the in-memory OpenTelemetry reader)."""

import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from billing import services
from billing.periods import Period
from billing.tests.factories import InvoiceFactory, pay

pytestmark = pytest.mark.django_db


def value(metric_points, name, **attributes) -> float:
    return metric_points(name).get(frozenset(attributes.items()), 0)


def test_a_payment_counts_as_succeeded_with_its_amount(metric_points):
    before = value(metric_points, "payments_succeeded", method="card", currency="USD")
    amounts_before = value(metric_points, "payment_amount", method="card", currency="USD")
    pay(InvoiceFactory(rent=Decimal("1850.00")), "1850.00")
    assert value(metric_points, "payments_succeeded", method="card", currency="USD") == before + 1
    assert value(metric_points, "payment_amount", method="card", currency="USD") == amounts_before + 1


def test_a_replayed_payment_is_not_counted_again(bff, metric_points):
    invoice = InvoiceFactory()
    body = {"tenant_id": str(invoice.tenant_id), "amount": "10.00", "method": "card"}
    url = f"/api/v1/invoices/{invoice.id}/payments"
    bff.post(url, body, format="json", headers={"Idempotency-Key": "m-1"})
    before = value(metric_points, "payments_succeeded", method="card", currency="USD")
    bff.post(url, body, format="json", headers={"Idempotency-Key": "m-1"})
    assert value(metric_points, "payments_succeeded", method="card", currency="USD") == before


@pytest.mark.parametrize(
    ("reason", "attempt"),
    [
        ("exceeds_outstanding", lambda invoice: pay(invoice, "1850.01")),
        ("invalid_amount", lambda invoice: pay(invoice, "0.00")),
        (
            "invoice_not_payable",
            lambda invoice: [services.invoice_void(invoice=invoice), pay(invoice, "1.00")],
        ),
    ],
)
def test_a_refused_payment_counts_as_failed_by_reason(metric_points, reason, attempt):
    invoice = InvoiceFactory(rent=Decimal("1850.00"))
    before = value(metric_points, "payments_failed", method="card", reason=reason)
    with pytest.raises((ValidationError, services.InvalidTransition)):
        attempt(invoice)
    assert value(metric_points, "payments_failed", method="card", reason=reason) == before + 1


def test_a_reused_key_counts_as_failed(bff, metric_points):
    invoice = InvoiceFactory()
    url = f"/api/v1/invoices/{invoice.id}/payments"
    body = {"tenant_id": str(invoice.tenant_id), "amount": "10.00", "method": "card"}
    bff.post(url, body, format="json", headers={"Idempotency-Key": "m-2"})
    before = value(metric_points, "payments_failed", method="card", reason="idempotency_key_reused")
    bff.post(url, {**body, "amount": "11.00"}, format="json", headers={"Idempotency-Key": "m-2"})
    assert (
        value(metric_points, "payments_failed", method="card", reason="idempotency_key_reused") == before + 1
    )


def test_invoices_generated_counts_the_rent_run(metric_points):
    before = value(metric_points, "invoices_generated", source="rent_run")
    lease = services.LeaseTerms(
        id=uuid.uuid4(),
        tenant_id=uuid.uuid4(),
        monthly_rent=Decimal("1000.00"),
        currency="USD",
        rent_due_day=1,
        unit_label="1A",
        property_name="Alder Court",
    )
    services.rent_invoices_create(period=Period(2026, 12), leases=[lease])
    services.rent_invoices_create(period=Period(2026, 12), leases=[lease])  # nothing new the second time
    assert value(metric_points, "invoices_generated", source="rent_run") == before + 1


def test_an_invalid_payment_request_counts_as_failed(bff, metric_points):
    invoice = InvoiceFactory()
    before = value(metric_points, "payments_failed", method="card", reason="invalid_request")
    bff.post(
        f"/api/v1/invoices/{invoice.id}/payments",
        {"tenant_id": str(invoice.tenant_id), "amount": 10, "method": "card"},
        format="json",
        headers={"Idempotency-Key": "m-3"},
    )
    assert value(metric_points, "payments_failed", method="card", reason="invalid_request") == before + 1
