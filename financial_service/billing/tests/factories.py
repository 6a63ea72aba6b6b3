import uuid
from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from billing import services
from billing.models import Invoice
from billing.periods import Period


class InvoiceFactory(factory.django.DjangoModelFactory):
    """An issued invoice made the way the service makes them (numbered, lines, derived totals)."""

    class Meta:
        model = Invoice

    class Params:
        rent = Decimal("1850.00")

    lease_id = factory.LazyFunction(uuid.uuid4)
    tenant_id = factory.LazyFunction(uuid.uuid4)
    period = factory.LazyFunction(lambda: Period.of(timezone.localdate()))
    issue_date = factory.LazyFunction(timezone.localdate)
    due_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=10))
    currency = "USD"
    status = Invoice.Status.OPEN
    lines = factory.LazyAttribute(lambda o: [services.LineSpec("Rent", o.rent)])

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.invoice_create(**kwargs)


def pay(invoice: Invoice, amount: str | Decimal, *, method: str = "card", key: str | None = None):
    """Record a payment through the service (as the API does) and return the stored answer."""
    return services.payment_record_once(
        caller="bff",
        key=key or uuid.uuid4().hex,
        fingerprint=uuid.uuid4().hex,
        render=lambda payment: str(payment.pk),
        invoice_id=invoice.pk,
        amount=Decimal(amount),
        method=method,
    )
