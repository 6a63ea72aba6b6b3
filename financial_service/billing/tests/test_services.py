"""Business rules of invoices and payments, tested on the service functions directly."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from billing import services
from billing.models import Invoice, Payment
from billing.tests.factories import InvoiceFactory, pay

pytestmark = pytest.mark.django_db


def amounts(invoice):
    row = Invoice.objects.with_amounts().get(pk=invoice.pk)
    return row.status, row.total, row.amount_paid, row.amount_due


def test_a_full_payment_marks_the_invoice_paid():
    invoice = InvoiceFactory(rent=Decimal("1850.00"))
    pay(invoice, "1850.00")
    status, total, paid, due = amounts(invoice)
    assert (status, total, paid, due) == ("paid", Decimal("1850.00"), Decimal("1850.00"), Decimal("0.00"))
    assert Invoice.objects.get(pk=invoice.pk).paid_at is not None


def test_a_partial_payment_leaves_the_invoice_open_with_the_rest_due():
    invoice = InvoiceFactory(rent=Decimal("1850.00"))
    pay(invoice, "850.00")
    assert amounts(invoice) == ("open", Decimal("1850.00"), Decimal("850.00"), Decimal("1000.00"))


@pytest.mark.parametrize("amount", ["0.00", "-5.00", "1850.01", "0.001"])
def test_an_amount_not_between_zero_and_the_amount_due_is_a_validation_error(amount):
    invoice = InvoiceFactory(rent=Decimal("1850.00"))
    with pytest.raises(ValidationError) as error:
        pay(invoice, amount)
    assert "amount" in error.value.message_dict
    assert not Payment.objects.exists()


def test_overpaying_after_a_partial_payment_is_refused_with_the_amount_due():
    invoice = InvoiceFactory(rent=Decimal("100.00"))
    pay(invoice, "60.00")
    with pytest.raises(ValidationError, match=r"40\.00 USD"):
        pay(invoice, "40.01")


@pytest.mark.parametrize("status", ["paid", "void"])
def test_paying_a_paid_or_void_invoice_is_a_conflict(status):
    invoice = InvoiceFactory(rent=Decimal("100.00"))
    if status == "paid":
        pay(invoice, "100.00")
    else:
        services.invoice_void(invoice=invoice)
    with pytest.raises(services.InvalidTransition) as error:
        pay(invoice, "1.00")
    assert error.value.status_code == 409
    assert Payment.objects.filter(invoice=invoice).count() == (1 if status == "paid" else 0)


def test_a_draft_cannot_be_paid_until_it_is_issued():
    invoice = InvoiceFactory(status=Invoice.Status.DRAFT, rent=Decimal("80.00"))
    with pytest.raises(services.InvalidTransition, match="not been issued"):
        pay(invoice, "80.00")
    services.invoice_issue(invoice=invoice)
    pay(invoice, "80.00")
    assert Invoice.objects.get(pk=invoice.pk).status == "paid"


def test_an_invoice_with_payments_is_not_voided():
    invoice = InvoiceFactory(rent=Decimal("100.00"))
    pay(invoice, "10.00")
    with pytest.raises(services.InvalidTransition, match="void them first"):
        services.invoice_void(invoice=invoice)
    assert Invoice.objects.get(pk=invoice.pk).status == "open"


def test_voiding_the_payment_of_a_paid_invoice_makes_it_due_again():
    past_due = InvoiceFactory(rent=Decimal("100.00"), due_date=timezone.localdate() - timedelta(days=3))
    answer = pay(past_due, "100.00")
    services.payment_void(payment=Payment.objects.get(pk=answer.payment_id))
    assert amounts(past_due) == ("overdue", Decimal("100.00"), Decimal("0.00"), Decimal("100.00"))
    with pytest.raises(services.InvalidTransition):
        services.payment_void(payment=Payment.objects.get(pk=answer.payment_id))


def test_mark_overdue_changes_only_open_invoices_past_their_due_date():
    today = timezone.localdate()
    late = InvoiceFactory(due_date=today - timedelta(days=1))
    due_today = InvoiceFactory(due_date=today)
    paid_late = InvoiceFactory(due_date=today - timedelta(days=5), rent=Decimal("10.00"))
    pay(paid_late, "10.00")
    draft = InvoiceFactory(due_date=today - timedelta(days=5), status=Invoice.Status.DRAFT)
    assert services.invoices_mark_overdue(today=today) == 1
    statuses = dict(Invoice.objects.values_list("pk", "status"))
    assert statuses == {late.pk: "overdue", due_today.pk: "open", paid_late.pk: "paid", draft.pk: "draft"}
    assert services.invoices_mark_overdue(today=today) == 0


def test_an_overdue_invoice_paid_in_full_is_paid():
    invoice = InvoiceFactory(rent=Decimal("100.00"), due_date=timezone.localdate() - timedelta(days=9))
    services.invoices_mark_overdue()
    pay(invoice, "40.00")
    assert Invoice.objects.get(pk=invoice.pk).status == "overdue"
    pay(invoice, "60.00")
    assert Invoice.objects.get(pk=invoice.pk).status == "paid"


def test_issuing_a_draft_without_an_amount_is_refused():
    invoice = InvoiceFactory(status=Invoice.Status.DRAFT, rent=Decimal("0.00"))
    with pytest.raises(ValidationError, match="no amount"):
        services.invoice_issue(invoice=invoice)
