"""Staff's admin: lists with filters and search, read-only derived totals, void, manual payments."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from billing.models import Invoice, Payment
from billing.tests.factories import InvoiceFactory, pay

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/billing/invoice/"


@pytest.fixture
def staff(client, admin_user):
    client.force_login(admin_user)
    return client


def test_the_invoice_list_filters_and_searches(staff):
    late = InvoiceFactory(due_date=timezone.localdate() - timedelta(days=3), rent=Decimal("100.00"))
    current = InvoiceFactory(period="2026-12")
    page = staff.get(CHANGELIST, {"overdue": "yes"})
    assert page.status_code == 200
    assert late.number in page.text and current.number not in page.text
    assert current.number in staff.get(CHANGELIST, {"period": "2026-12"}).text
    assert late.number not in staff.get(CHANGELIST, {"status": "paid"}).text
    assert late.number in staff.get(CHANGELIST, {"q": late.number}).text
    by_tenant = staff.get(CHANGELIST, {"q": str(current.tenant_id)}).text
    assert current.number in by_tenant and late.number not in by_tenant
    assert "100.00" in page.text  # the derived total, shown in the list


def test_the_invoice_list_costs_the_same_queries_for_2_or_25_invoices(staff, django_assert_max_num_queries):
    for _ in range(2):
        InvoiceFactory()
    with django_assert_max_num_queries(12) as few:
        staff.get(CHANGELIST)
    for _ in range(23):
        pay(InvoiceFactory(rent=Decimal("10.00")), "5.00")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert staff.get(CHANGELIST).status_code == 200


def test_an_issued_invoice_is_read_only_and_its_totals_are_not_inputs(staff):
    invoice = InvoiceFactory(rent=Decimal("1850.00"))
    page = staff.get(reverse("admin:billing_invoice_change", args=[invoice.pk])).text
    assert "1850.00" in page
    for field in ("total", "amount_paid", "amount_due", "period", "due_date", "lines-0-unit_price"):
        assert f'name="{field}"' not in page
    assert "Record a payment" in page


def test_staff_create_a_draft_with_lines_then_issue_it(staff):
    response = staff.post(
        reverse("admin:billing_invoice_add"),
        {
            "lease_id": "d0000000-0000-4000-8000-000000000001",
            "tenant_id": "c0000000-0000-4000-8000-000000000001",
            "period": "2026-12",
            "issue_date": "2026-11-28",
            "due_date": "2026-12-10",
            "currency": "USD",
            "lines-TOTAL_FORMS": "2",
            "lines-INITIAL_FORMS": "0",
            "lines-0-position": "0",
            "lines-0-description": "Key replacement",
            "lines-0-quantity": "2",
            "lines-0-unit_price": "12.50",
            "lines-1-position": "1",
            "lines-1-description": "Call-out fee",
            "lines-1-quantity": "1",
            "lines-1-unit_price": "40.00",
            "payments-TOTAL_FORMS": "0",
            "payments-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    invoice = Invoice.objects.with_amounts().get()
    assert (invoice.number[:9], invoice.status, invoice.total) == ("INV-2026-", "draft", Decimal("65.00"))

    staff.post(CHANGELIST, {"action": "issue_invoices", "_selected_action": [invoice.pk]})
    assert Invoice.objects.get().status == "open"


def test_the_void_action_voids_unpaid_invoices_and_explains_the_others(staff):
    unpaid = InvoiceFactory()
    paid = InvoiceFactory(rent=Decimal("10.00"))
    pay(paid, "10.00")
    response = staff.post(
        CHANGELIST, {"action": "void_invoices", "_selected_action": [unpaid.pk, paid.pk]}, follow=True
    )
    assert dict(Invoice.objects.values_list("pk", "status")) == {unpaid.pk: "void", paid.pk: "paid"}
    assert f"{paid.number}: {paid.number} is already paid." in response.text


def test_a_manual_payment_is_recorded_once_even_if_the_form_is_sent_twice(staff):
    invoice = InvoiceFactory(rent=Decimal("1850.00"))
    url = reverse("admin:billing_invoice_record_payment", args=[invoice.pk])
    form = staff.get(url)
    assert form.status_code == 200
    key = form.context["form"].initial["idempotency_key"]
    assert form.context["form"].initial["amount"] == Decimal("1850.00")
    data = {
        "amount": "1850.00",
        "method": "cheque",
        "provider_reference": "CHQ 000123",
        "received_at": "2026-11-27 10:00:00",
        "idempotency_key": key,
    }
    assert staff.post(url, data).status_code == 302
    again = staff.post(url, data, follow=True)
    assert "already recorded" in again.text
    payment = Payment.objects.get()
    assert (payment.method, payment.provider_reference, payment.recorded_by) == (
        "cheque",
        "CHQ 000123",
        "admin:admin",
    )
    assert Invoice.objects.get().status == "paid"


def test_a_manual_payment_over_the_amount_due_is_refused_on_the_form(staff):
    invoice = InvoiceFactory(rent=Decimal("100.00"))
    url = reverse("admin:billing_invoice_record_payment", args=[invoice.pk])
    response = staff.post(
        url,
        {"amount": "100.01", "method": "cash", "received_at": "2026-11-27 10:00:00", "idempotency_key": "k"},
    )
    assert response.status_code == 200
    assert "The amount due is 100.00 USD" in response.text
    assert not Payment.objects.exists()


def test_the_record_payment_action_goes_to_the_form_for_one_invoice(staff):
    invoice = InvoiceFactory()
    response = staff.post(CHANGELIST, {"action": "record_manual_payment", "_selected_action": [invoice.pk]})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:billing_invoice_record_payment", args=[invoice.pk])


def test_voiding_a_payment_in_the_admin_reopens_its_invoice(staff):
    invoice = InvoiceFactory(rent=Decimal("10.00"))
    answer = pay(invoice, "10.00")
    staff.post(
        "/admin/billing/payment/", {"action": "void_payments", "_selected_action": [answer.payment_id]}
    )
    assert Payment.objects.get().status == "void"
    assert Invoice.objects.get().status == "open"


def test_payment_and_idempotency_pages_load(staff):
    pay(InvoiceFactory(), "5.00")
    payment = Payment.objects.get()
    assert staff.get("/admin/billing/payment/").status_code == 200
    assert staff.get(reverse("admin:billing_payment_change", args=[payment.pk])).status_code == 200
    assert staff.get("/admin/billing/idempotencyrecord/").status_code == 200


def test_issued_invoices_cannot_be_deleted_only_voided(staff):
    issued = InvoiceFactory()
    draft = InvoiceFactory(status=Invoice.Status.DRAFT)
    assert staff.get(reverse("admin:billing_invoice_delete", args=[issued.pk])).status_code == 403
    assert "delete_selected" not in staff.get(CHANGELIST).text
    staff.post(reverse("admin:billing_invoice_delete", args=[draft.pk]), {"post": "yes"})
    assert list(Invoice.objects.values_list("pk", flat=True)) == [issued.pk]


def test_a_manual_payment_cannot_be_received_in_the_future(staff):
    invoice = InvoiceFactory(rent=Decimal("100.00"))
    tomorrow = timezone.now() + timedelta(days=1)
    response = staff.post(
        reverse("admin:billing_invoice_record_payment", args=[invoice.pk]),
        {
            "amount": "10.00",
            "method": "cash",
            "received_at": tomorrow.strftime("%Y-%m-%d %H:%M:%S"),
            "idempotency_key": "future",
        },
    )
    assert "cannot be received in the future" in response.text
    assert not Payment.objects.exists()
