import re
from datetime import date

import pytest
from django.db import transaction

from billing import services
from billing.models import Invoice
from billing.tests.factories import InvoiceFactory
from billing.tests.threads import run_together


@pytest.mark.django_db
def test_numbers_read_inv_year_and_six_digits_and_restart_each_year():
    first = InvoiceFactory(issue_date=date(2026, 12, 31))
    second = InvoiceFactory(issue_date=date(2026, 12, 31))
    next_year = InvoiceFactory(issue_date=date(2027, 1, 1))
    assert (first.number, second.number, next_year.number) == (
        "INV-2026-000001",
        "INV-2026-000002",
        "INV-2027-000001",
    )


@pytest.mark.django_db
def test_a_rolled_back_invoice_gives_its_number_back():
    with pytest.raises(RuntimeError), transaction.atomic():
        InvoiceFactory(issue_date=date(2026, 5, 1))
        raise RuntimeError("the rest of the work failed")
    assert InvoiceFactory(issue_date=date(2026, 5, 1)).number == "INV-2026-000001"


@pytest.mark.django_db(transaction=True)  # no test-wide transaction around it
def test_a_number_is_only_taken_inside_a_transaction():
    with pytest.raises(RuntimeError, match="inside a transaction"):
        services.invoice_number_next(year=2026)


@pytest.mark.django_db(transaction=True)
def test_concurrent_invoices_get_distinct_gap_free_numbers():
    results = run_together(lambda i: InvoiceFactory(issue_date=date(2026, 3, 1)).number, 12)
    assert all(isinstance(r, str) for r in results), results
    assert sorted(results) == [f"INV-2026-{n:06d}" for n in range(1, 13)]
    assert all(re.fullmatch(r"INV-2026-\d{6}", n) for n in Invoice.objects.values_list("number", flat=True))
