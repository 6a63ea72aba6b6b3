"""Writes: invoices (numbers, issue, void, overdue), payments (exactly once) and the rent run's invoices."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone

from billing.models import IdempotencyRecord, Invoice, InvoiceLine, InvoiceNumberSequence, Payment
from billing.money import ZERO, to_cents
from billing.periods import Period
from servicekit import idempotency
from servicekit.metrics import counter, histogram
from servicekit.problem import Conflict, Unprocessable

logger = logging.getLogger(__name__)

# Names, units and attributes as registered in servicekit.metrics.
payments_succeeded = counter("payments_succeeded")  # {method, currency}
payments_failed = counter("payments_failed")  # {method, reason}
# A float here is for dashboards only; every stored or returned amount is a Decimal.
payment_amount = histogram("payment_amount", unit="{currency_unit}")  # {method, currency}
invoices_generated = counter("invoices_generated")  # {source}: rent_run, staff


class InvalidTransition(Conflict):
    slug = "invalid-state-transition"
    title = "Invalid state change"


class IdempotencyKeyReused(Unprocessable):
    slug = "idempotency-key-reused"
    title = "Idempotency key reused"
    default_detail = "This Idempotency-Key was already used for a different request. Use a new key."


@dataclass(frozen=True)
class LineSpec:
    description: str
    unit_price: Decimal
    quantity: Decimal = Decimal("1")


# ---------------------------------------------------------------------------------------------- invoices


def invoice_number_next(*, year: int) -> str:
    """The next INV-YYYY-NNNNNN; call inside a transaction.

    The UPDATE locks the year's counter row until the transaction ends, so concurrent invoices get
    distinct, gap-free numbers (a rolled-back invoice gives its number back).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(
            "Take invoice numbers inside a transaction: the counter row stays locked until it ends."
        )
    InvoiceNumberSequence.objects.get_or_create(year=year)
    InvoiceNumberSequence.objects.filter(year=year).update(last_value=F("last_value") + 1)
    value = InvoiceNumberSequence.objects.values_list("last_value", flat=True).get(year=year)
    if value > 999_999:
        raise ValidationError(f"Invoice numbers for {year} are exhausted.")
    return f"INV-{year:04d}-{value:06d}"


@transaction.atomic
def invoice_create(
    *,
    lease_id: uuid.UUID,
    tenant_id: uuid.UUID,
    period: Period,
    issue_date: date,
    due_date: date,
    currency: str,
    lines: Sequence[LineSpec],
    status: str = Invoice.Status.OPEN,
) -> Invoice:
    if not lines:
        raise ValidationError({"lines": ["An invoice needs at least one line."]})
    if status not in (Invoice.Status.DRAFT, Invoice.Status.OPEN, Invoice.Status.OVERDUE):
        raise ValidationError({"status": ["A new invoice is a draft, open or overdue."]})
    invoice = Invoice(
        number=invoice_number_next(year=issue_date.year),
        lease_id=lease_id,
        tenant_id=tenant_id,
        period=str(period),
        issue_date=issue_date,
        due_date=due_date,
        currency=currency,
        status=status,
    )
    # Field rules here; the database enforces the constraints (one invoice per lease and period, ...).
    invoice.full_clean(validate_unique=False, validate_constraints=False)
    invoice.save()
    for position, line in enumerate(lines):
        InvoiceLine.objects.create(
            invoice=invoice,
            position=position,
            description=line.description,
            quantity=line.quantity,
            unit_price=line.unit_price,
        )
    return invoice


@transaction.atomic
def invoice_save_draft(*, invoice: Invoice) -> Invoice:
    """Staff create and edit drafts in the admin; a new draft takes its number here."""
    if invoice.status != Invoice.Status.DRAFT:
        raise InvalidTransition(f"{invoice.number} is {invoice.status}: only drafts are edited.")
    if not invoice.number:
        invoice.number = invoice_number_next(year=invoice.issue_date.year)
    invoice.save()
    return invoice


def _locked(invoice_id, *, tenant_id=None) -> Invoice:
    queryset = Invoice.objects.select_for_update().filter(id=invoice_id)
    if tenant_id is not None:
        queryset = queryset.filter(tenant_id=tenant_id)
    invoice = queryset.first()
    if invoice is None:
        raise Http404("No such invoice.")
    return invoice


def _amounts(invoice: Invoice) -> tuple[Decimal, Decimal]:
    """(total, amount paid) of an invoice the caller has locked.

    A statement of its own, after the lock: under READ COMMITTED it sees what the transaction that
    held the lock before us committed. Summed in the locking SELECT, the sums would come from the
    snapshot taken before waiting and miss that payment.
    """
    row = Invoice.objects.filter(pk=invoice.pk).with_amounts().values("total", "amount_paid").get()
    return row["total"], row["amount_paid"]


def _unpaid_status(due_date: date, today: date) -> str:
    return Invoice.Status.OVERDUE if due_date < today else Invoice.Status.OPEN


def invoice_issue(*, invoice: Invoice) -> Invoice:
    """Draft → open: the invoice is sent and can be paid."""
    with transaction.atomic():
        invoice = _locked(invoice.pk)
        if invoice.status != Invoice.Status.DRAFT:
            raise InvalidTransition(f"{invoice.number} is {invoice.status}; only drafts are issued.")
        total, _ = _amounts(invoice)
        if total <= ZERO:
            raise ValidationError({"lines": [f"{invoice.number} has no amount to bill: add lines first."]})
        invoice.status = _unpaid_status(invoice.due_date, timezone.localdate())
        invoice.save(update_fields=["status", "updated_at"])
    invoices_generated.add(1, {"source": "staff"})
    logger.info("invoice issued", extra={"invoice": invoice.number})
    return invoice


def invoice_void(*, invoice: Invoice) -> Invoice:
    with transaction.atomic():
        invoice = _locked(invoice.pk)
        if invoice.status in (Invoice.Status.PAID, Invoice.Status.VOID):
            raise InvalidTransition(f"{invoice.number} is already {invoice.status}.")
        if invoice.payments.filter(status=Payment.Status.SUCCEEDED).exists():
            raise InvalidTransition(f"{invoice.number} has payments: void them first.")
        invoice.status = Invoice.Status.VOID
        invoice.voided_at = timezone.now()
        invoice.save(update_fields=["status", "voided_at", "updated_at"])
    logger.info("invoice voided", extra={"invoice": invoice.number})
    return invoice


def invoices_mark_overdue(*, today: date | None = None) -> int:
    """Open invoices past their due date become overdue; returns how many changed."""
    today = today or timezone.localdate()
    changed = Invoice.objects.filter(status=Invoice.Status.OPEN, due_date__lt=today).update(
        status=Invoice.Status.OVERDUE, updated_at=timezone.now()
    )
    if changed:
        logger.info("invoices marked overdue", extra={"count": changed, "today": today.isoformat()})
    return changed


# ---------------------------------------------------------------------------------------------- payments


def payment_refused(reason: str, error: Exception, *, method: str | None) -> Exception:
    """Count a refused payment attempt by reason; returns ``error`` for the caller to raise."""
    # Only known methods become a label: a caller's free text must not mint new time series.
    known = str(method) if method in Payment.Method.values else "unknown"
    payments_failed.add(1, {"method": known, "reason": reason})
    return error


def _pay_locked(
    invoice: Invoice,
    *,
    amount: Decimal,
    method: str,
    recorded_by: str,
    provider_reference: str = "",
    received_at: datetime | None = None,
) -> Payment:
    """Record a payment on an invoice the caller has locked (select_for_update)."""
    if not isinstance(amount, Decimal):
        raise TypeError(f"amount must be a Decimal, not {type(amount).__name__}")
    if invoice.status == Invoice.Status.DRAFT:
        raise payment_refused(
            "invoice_not_payable",
            InvalidTransition(f"{invoice.number} has not been issued yet."),
            method=method,
        )
    if invoice.status in (Invoice.Status.PAID, Invoice.Status.VOID):
        raise payment_refused(
            "invoice_not_payable",
            InvalidTransition(f"{invoice.number} is already {invoice.status}."),
            method=method,
        )
    if amount <= ZERO or to_cents(amount) != amount:
        raise payment_refused(
            "invalid_amount",
            ValidationError({"amount": ["Enter an amount greater than 0, in whole cents."]}),
            method=method,
        )
    total, paid = _amounts(invoice)
    due = total - paid
    if amount > due:
        raise payment_refused(
            "exceeds_outstanding",
            ValidationError({"amount": [f"The amount due is {due} {invoice.currency}: pay at most that."]}),
            method=method,
        )
    payment = Payment.objects.create(
        invoice=invoice,
        amount=amount,
        currency=invoice.currency,
        method=method,
        provider_reference=provider_reference or f"FIN-{uuid.uuid4().hex[:12].upper()}",
        received_at=received_at or timezone.now(),
        recorded_by=recorded_by,
    )
    if amount == due:
        invoice.status = Invoice.Status.PAID
        invoice.paid_at = payment.received_at
        invoice.save(update_fields=["status", "paid_at", "updated_at"])
    return payment


def _count_success(payment: Payment) -> None:
    # Plain strings: an enum member and its value would make two series with one label.
    labels = {"method": str(payment.method), "currency": str(payment.currency)}
    payments_succeeded.add(1, labels)
    payment_amount.record(float(payment.amount), labels)
    logger.info(
        "payment recorded",
        extra={
            "invoice": payment.invoice.number,
            "payment_id": str(payment.id),
            "amount": str(payment.amount),
            "currency": payment.currency,
            "method": payment.method,
        },
    )


@dataclass(frozen=True)
class IdempotentAnswer:
    status: int
    body: str
    replayed: bool
    payment_id: uuid.UUID | None


def idempotent_answer(
    *, caller: str, key: str, fingerprint: str, method: str | None = None
) -> IdempotentAnswer | None:
    """The stored answer to this key, or None; the key used for another request is a 422."""
    record = IdempotencyRecord.objects.filter(caller=caller, key=key).first()
    if record is None:
        return None
    if record.fingerprint != fingerprint:
        raise payment_refused("idempotency_key_reused", IdempotencyKeyReused(), method=method)
    return IdempotentAnswer(record.response_status, record.response_body, True, record.payment_id)


def payment_record_once(
    *,
    caller: str,
    key: str,
    fingerprint: str,
    render: Callable[[Payment], str],
    invoice_id: uuid.UUID,
    amount: Decimal,
    method: str,
    tenant_id: uuid.UUID | None = None,
    provider_reference: str = "",
    received_at: datetime | None = None,
) -> IdempotentAnswer:
    """Pay an invoice at most once per (caller, key): the API and the admin's manual payments.

    The key is claimed first: a second request with it while the first runs is a 409 to retry, and
    after the first commits it finds the stored answer, saved in the same transaction as the payment.
    Then the invoice row is locked, so payments with different keys on one invoice queue up. The
    unique (caller, key) constraint stays as the backstop.
    """
    try:
        with transaction.atomic():
            idempotency.claim(caller=caller, key=key)
            invoice = _locked(invoice_id, tenant_id=tenant_id)
            stored = idempotent_answer(caller=caller, key=key, fingerprint=fingerprint, method=method)
            if stored is not None:
                return stored
            payment = _pay_locked(
                invoice,
                amount=amount,
                method=method,
                recorded_by=caller,
                provider_reference=provider_reference,
                received_at=received_at,
            )
            body = render(payment)
            IdempotencyRecord.objects.create(
                caller=caller,
                key=key,
                fingerprint=fingerprint,
                response_status=201,
                response_body=body,
                payment=payment,
            )
    except IntegrityError:
        stored = idempotent_answer(caller=caller, key=key, fingerprint=fingerprint, method=method)
        if stored is None:
            raise
        return stored
    _count_success(payment)
    return IdempotentAnswer(201, body, False, payment.id)


def payment_void(*, payment: Payment) -> Payment:
    """A payment recorded by mistake: it stops counting, and a paid invoice is due again."""
    with transaction.atomic():
        invoice = _locked(payment.invoice_id)
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if payment.status != Payment.Status.SUCCEEDED:
            raise InvalidTransition("This payment is already void.")
        payment.status = Payment.Status.VOID
        payment.voided_at = timezone.now()
        payment.save(update_fields=["status", "voided_at", "updated_at"])
        if invoice.status == Invoice.Status.PAID:
            invoice.status = _unpaid_status(invoice.due_date, timezone.localdate())
            invoice.paid_at = None
            invoice.save(update_fields=["status", "paid_at", "updated_at"])
    logger.info("payment voided", extra={"invoice": invoice.number, "payment_id": str(payment.id)})
    return payment


# ---------------------------------------------------------------------------------------------- rent run


@dataclass(frozen=True)
class LeaseTerms:
    """What the rent run needs of an active lease (read from property-service)."""

    id: uuid.UUID
    tenant_id: uuid.UUID
    monthly_rent: Decimal
    currency: str
    rent_due_day: int
    unit_label: str
    property_name: str


@dataclass(frozen=True)
class RentRunResult:
    period: Period
    leases: int
    created: int
    existing: int


def rent_invoices_create(
    *, period: Period, leases: Sequence[LeaseTerms], today: date | None = None
) -> RentRunResult:
    """One open invoice per lease for the period, all or nothing; leases already billed are skipped."""
    today = today or timezone.localdate()
    leases = list({lease.id: lease for lease in leases}.values())  # a lease listed twice is billed once
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                billed = set(
                    Invoice.objects.filter(
                        period=str(period), lease_id__in=[lease.id for lease in leases]
                    ).values_list("lease_id", flat=True)
                )
                created = 0
                for lease in leases:
                    if lease.id in billed:
                        continue
                    due = period.day(lease.rent_due_day)
                    invoice_create(
                        lease_id=lease.id,
                        tenant_id=lease.tenant_id,
                        period=period,
                        issue_date=today,
                        due_date=due,
                        currency=lease.currency,
                        lines=[
                            LineSpec(
                                f"Rent {period}: {lease.property_name}, unit {lease.unit_label}",
                                lease.monthly_rent,
                            )
                        ],
                        status=_unpaid_status(due, today),
                    )
                    created += 1
            break
        except IntegrityError:
            # Another rent run for this period committed first; looking again finds its invoices.
            if attempt == 2:
                raise
            logger.warning("rent run raced another run; retrying", extra={"period": str(period)})
    if created:
        invoices_generated.add(created, {"source": "rent_run"})
    return RentRunResult(period=period, leases=len(leases), created=created, existing=len(leases) - created)
