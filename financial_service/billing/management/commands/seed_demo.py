"""Demo invoices for the demo leases (servicekit.demo, the same ids property-service seeds).

For each lease, the four months from two months ago to next month, as the rent run would have made
them, with a mix of outcomes: paid, partly paid, overdue and open (next month, due in the future).
Alice (the tenant portal's demo login) has an overdue invoice and an open one to pay. Running it
twice changes nothing (on the same day: the months follow the calendar).
"""

from datetime import datetime, time

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from billing import services
from billing.models import Invoice
from billing.money import to_cents
from billing.periods import Period
from servicekit import demo

# Per lease (in demo.LEASES order), what happened to each month's rent, from two months ago to next
# month: "paid", "half" (half paid), or "unpaid" (overdue once past its due date, open before).
OUTCOMES = (
    ("paid", "paid", "unpaid", "unpaid"),  # Alice: this month overdue, next month open
    ("paid", "paid", "paid", "unpaid"),  # Ben: up to date
    ("paid", "unpaid", "half", "unpaid"),  # Chloe: behind
    ("paid", "paid", "paid", "unpaid"),  # Diego: up to date
)


class Command(BaseCommand):
    help = "Create the demo invoices and payments (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        demo.ensure_demo_staff_user()
        today = timezone.localdate()
        this_month = Period.of(today)
        created = payments = 0
        for lease, outcomes in zip(demo.LEASES, OUTCOMES, strict=True):
            unit, place = demo.unit(lease.unit_id), demo.property_of(lease.unit_id)
            for offset, outcome in zip(range(-2, 2), outcomes, strict=True):
                period = this_month.shift(offset)
                if not lease.start_date <= period.first_day <= lease.end_date:
                    continue
                invoice = Invoice.objects.filter(lease_id=lease.id, period=str(period)).first()
                if invoice is None:
                    due = period.day(1)
                    invoice = services.invoice_create(
                        lease_id=lease.id,
                        tenant_id=lease.tenant_id,
                        period=period,
                        issue_date=min(due, today),
                        due_date=due,
                        currency=demo.CURRENCY,
                        lines=[
                            services.LineSpec(
                                f"Rent {period}: {place.name}, unit {unit.label}", lease.monthly_rent
                            )
                        ],
                        status=Invoice.Status.OVERDUE if due < today else Invoice.Status.OPEN,
                    )
                    created += 1
                if outcome != "unpaid" and not invoice.payments.exists():
                    amount = lease.monthly_rent if outcome == "paid" else to_cents(lease.monthly_rent / 2)
                    paid_on = min(invoice.due_date, today)
                    services.payment_record_once(
                        caller="seed_demo",
                        key=f"demo-{invoice.pk}",
                        fingerprint=f"demo-{invoice.pk}",
                        render=lambda payment: str(payment.pk),
                        invoice_id=invoice.pk,
                        amount=amount,
                        method="bank_transfer",
                        received_at=timezone.make_aware(datetime.combine(paid_on, time(9, 30))),
                    )
                    payments += 1
        self.stdout.write(
            f"seed_demo: {created} invoices and {payments} payments created "
            f"({Invoice.objects.filter(lease_id__in=[lease.id for lease in demo.LEASES]).count()} demo invoices in all)"
        )
