"""Money is Decimal end to end: a float is refused wherever it could reach a money field."""

from decimal import Decimal

import pytest

from billing import services
from billing.models import Invoice, InvoiceLine, Payment
from billing.money import to_cents
from billing.tests.factories import InvoiceFactory, pay

pytestmark = pytest.mark.django_db


def test_a_float_amount_is_refused_by_the_model_field():
    invoice = InvoiceFactory()
    with pytest.raises(TypeError, match="not a float"):
        InvoiceLine.objects.create(invoice=invoice, description="Parking", unit_price=49.99)
    with pytest.raises(TypeError, match="not a float"):
        Payment.objects.filter(amount=0.1).exists()


def test_a_float_amount_is_refused_by_the_payment_service():
    invoice = InvoiceFactory()
    with pytest.raises(TypeError, match="Decimal"):
        services.payment_record_once(
            caller="bff",
            key="k",
            fingerprint="f",
            render=str,
            invoice_id=invoice.pk,
            amount=100.0,
            method="card",
        )
    assert not Payment.objects.exists()


def test_the_api_refuses_a_json_number_for_an_amount(bff):
    invoice = InvoiceFactory()
    response = bff.post(
        f"/api/v1/invoices/{invoice.pk}/payments",
        {"tenant_id": str(invoice.tenant_id), "amount": 100.10, "method": "card"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="float-amount",
    )
    assert response.status_code == 400
    assert "string" in response.json()["errors"]["amount"][0]


def test_line_amounts_round_half_up_to_cents_and_the_total_is_their_exact_sum():
    invoice = InvoiceFactory(
        lines=[
            services.LineSpec("Water, 1.5 units", Decimal("33.33"), Decimal("1.5")),  # 49.995 → 50.00
            services.LineSpec("Rent", Decimal("1850.10")),
            services.LineSpec(
                "Fee", Decimal("0.10"), Decimal("3")
            ),  # 0.30, where floats give 0.30000000000000004
        ]
    )
    amounts = list(invoice.lines.values_list("amount", flat=True))
    assert amounts == [Decimal("50.00"), Decimal("1850.10"), Decimal("0.30")]
    total = Invoice.objects.with_amounts().get(pk=invoice.pk).total
    assert total == Decimal("1900.40") and isinstance(total, Decimal)


def test_the_database_refuses_a_line_amount_that_is_not_quantity_times_price():
    from django.db import IntegrityError, transaction

    invoice = InvoiceFactory()
    line = invoice.lines.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        InvoiceLine.objects.filter(pk=line.pk).update(amount=Decimal("1.00"))


def test_partial_payments_leave_an_exact_amount_due():
    invoice = InvoiceFactory(rent=Decimal("100.00"))
    for _ in range(3):
        pay(invoice, "33.33")
    row = Invoice.objects.with_amounts().get(pk=invoice.pk)
    assert (row.amount_paid, row.amount_due) == (Decimal("99.99"), Decimal("0.01"))
    pay(invoice, "0.01")
    assert Invoice.objects.get(pk=invoice.pk).status == Invoice.Status.PAID


def test_to_cents_refuses_floats():
    with pytest.raises(TypeError):
        to_cents(0.1)
    assert to_cents(Decimal("2.675")) == Decimal("2.68")  # a float 2.675 would round down to 2.67
