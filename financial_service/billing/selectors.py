"""Reads: invoices (with derived amounts) and a tenant's balance."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from billing.models import Invoice, Payment
from billing.money import ZERO


def invoice_list(*, tenant_id: uuid.UUID | None = None, status: str | None = None) -> QuerySet[Invoice]:
    """Invoices with total, amount_paid and amount_due, newest first."""
    queryset = Invoice.objects.with_amounts()
    if tenant_id is not None:
        queryset = queryset.filter(tenant_id=tenant_id)
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-issue_date", "-number")


def invoice_detail_list(*, tenant_id: uuid.UUID | None = None) -> QuerySet[Invoice]:
    """As invoice_list, with lines and payments fetched in two more queries."""
    return invoice_list(tenant_id=tenant_id).prefetch_related(
        "lines", Prefetch("payments", queryset=Payment.objects.order_by("received_at", "id"))
    )


@dataclass(frozen=True)
class Balance:
    tenant_id: uuid.UUID
    currency: str
    outstanding: Decimal
    overdue: Decimal
    next_due_date: date | None
    next_due_amount: Decimal | None
    open_invoices: int


def tenant_balance(*, tenant_id: uuid.UUID, today: date | None = None) -> Balance:
    """What a tenant owes: in total, past due, and what falls due next.

    "Overdue" is money past its due date today, whether or not the nightly job has marked it yet.
    One currency per tenant (their lease's): the currency of their latest issued invoice.
    """
    today = today or timezone.localdate()
    issued = Invoice.objects.filter(tenant_id=tenant_id).exclude(status=Invoice.Status.DRAFT)
    currency = (
        issued.order_by("-issue_date", "-number").values_list("currency", flat=True).first()
        or settings.BILLING_DEFAULT_CURRENCY
    )
    unpaid = list(
        issued.unpaid().filter(currency=currency).with_amounts().values_list("due_date", "amount_due")
    )
    upcoming = [due for due, _ in unpaid if due >= today]
    next_due_date = min(upcoming) if upcoming else None
    return Balance(
        tenant_id=tenant_id,
        currency=currency,
        outstanding=sum((amount for _, amount in unpaid), ZERO),
        overdue=sum((amount for due, amount in unpaid if due < today), ZERO),
        next_due_date=next_due_date,
        next_due_amount=(
            sum((amount for due, amount in unpaid if due == next_due_date), ZERO) if next_due_date else None
        ),
        open_invoices=len(unpaid),
    )
