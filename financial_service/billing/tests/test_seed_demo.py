from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from billing import selectors
from billing.models import Invoice, Payment
from servicekit import demo

pytestmark = pytest.mark.django_db

ALICE = demo.TENANTS[0].id


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_the_seed_bills_the_demo_leases_with_paid_open_and_overdue_invoices():
    seed()
    assert set(Invoice.objects.values_list("lease_id", flat=True)) == {lease.id for lease in demo.LEASES}
    assert set(Invoice.objects.values_list("tenant_id", flat=True)) == {t.id for t in demo.TENANTS}
    statuses = set(Invoice.objects.values_list("status", flat=True))
    assert {"paid", "open", "overdue"} <= statuses
    for invoice in Invoice.objects.with_amounts().filter(status="paid"):
        assert invoice.amount_due == 0 and invoice.payments.exists()
    alice = Invoice.objects.filter(tenant_id=ALICE)
    assert alice.filter(status="open").exists()
    assert alice.filter(status="overdue").exists()
    assert selectors.tenant_balance(tenant_id=ALICE).outstanding > 0
    assert get_user_model().objects.filter(username=demo.STAFF_USERNAME, is_staff=True).exists()


def test_seeding_twice_changes_nothing():
    seed()
    before = (
        list(Invoice.objects.order_by("id").values()),
        list(Payment.objects.order_by("id").values()),
    )
    output = seed()
    after = (
        list(Invoice.objects.order_by("id").values()),
        list(Payment.objects.order_by("id").values()),
    )
    assert after == before
    assert output.startswith("seed_demo: 0 invoices and 0 payments created")
