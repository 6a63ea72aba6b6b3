"""POST /api/v1/invoices/{id}/payments: exactly once per Idempotency-Key, on PostgreSQL."""

import uuid
from decimal import Decimal

import pytest
from django.test import Client

from billing.models import IdempotencyRecord, Invoice, Payment
from billing.tests.factories import InvoiceFactory, pay
from billing.tests.threads import run_together

PROBLEM = "application/problem+json"


def post_payment(client, invoice, *, key, amount="1850.00", method="card", tenant_id=None):
    return client.post(
        f"/api/v1/invoices/{invoice.id}/payments",
        {"tenant_id": str(tenant_id or invoice.tenant_id), "amount": amount, "method": method},
        format="json",
        headers={"Idempotency-Key": key} if key is not None else {},
    )


@pytest.mark.django_db
def test_a_payment_is_created_and_a_full_one_pays_the_invoice(bff):
    invoice = InvoiceFactory(rent=Decimal("1850.00"))
    response = post_payment(bff, invoice, key="k-1")
    assert response.status_code == 201
    assert response["Content-Type"] == "application/json"
    assert "Idempotent-Replayed" not in response
    body = response.json()
    payment = Payment.objects.get()
    assert body == {
        "id": str(payment.id),
        "invoice_id": str(invoice.id),
        "amount": "1850.00",
        "currency": "USD",
        "method": "card",
        "status": "succeeded",
        "provider_reference": payment.provider_reference,
        "received_at": body["received_at"],
    }
    assert Invoice.objects.get().status == "paid"


@pytest.mark.django_db
def test_a_replay_returns_the_first_response_and_creates_nothing(bff):
    invoice = InvoiceFactory(rent=Decimal("1850.00"))
    first = post_payment(bff, invoice, key="retry-me", amount="1000.00")
    # The same request again, its body keys in another order: the same request.
    again = bff.post(
        f"/api/v1/invoices/{invoice.id}/payments",
        {"method": "card", "amount": "1000.00", "tenant_id": str(invoice.tenant_id)},
        format="json",
        headers={"Idempotency-Key": "retry-me"},
    )
    assert again.status_code == first.status_code == 201
    assert again.content == first.content
    assert again["Idempotent-Replayed"] == "true"
    assert Payment.objects.count() == 1
    assert IdempotencyRecord.objects.get().payment_id == Payment.objects.get().id


@pytest.mark.django_db
def test_a_replay_after_the_invoice_was_paid_still_answers_201(bff):
    invoice = InvoiceFactory(rent=Decimal("1850.00"))
    first = post_payment(bff, invoice, key="pay-all")
    assert Invoice.objects.get().status == "paid"
    again = post_payment(bff, invoice, key="pay-all")
    assert (again.status_code, again.content) == (201, first.content)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change", [{"amount": "10.00"}, {"method": "bank_transfer"}, {"tenant_id": "other"}, {"invoice": "other"}]
)
def test_the_same_key_with_another_request_is_422(bff, change):
    invoice = InvoiceFactory(rent=Decimal("1850.00"))
    assert post_payment(bff, invoice, key="once", amount="20.00").status_code == 201
    target = InvoiceFactory(tenant_id=invoice.tenant_id) if change.get("invoice") else invoice
    response = post_payment(
        bff,
        target,
        key="once",
        amount=change.get("amount", "20.00"),
        method=change.get("method", "card"),
        tenant_id=uuid.uuid4() if change.get("tenant_id") else None,
    )
    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM
    assert response.json()["type"].endswith("idempotency-key-reused")
    assert Payment.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("key", "why"), [(None, "required"), ("", "required"), ("x" * 256, "255"), ("clé", "ASCII")]
)
def test_a_missing_or_bad_key_is_400(bff, key, why):
    invoice = InvoiceFactory()
    response = post_payment(bff, invoice, key=key)
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert why in response.json()["errors"]["Idempotency-Key"][0]
    assert not Payment.objects.exists()


@pytest.mark.django_db
def test_a_key_of_255_characters_is_accepted(bff):
    assert post_payment(bff, InvoiceFactory(), key="k" * 255).status_code == 201


@pytest.mark.django_db
@pytest.mark.parametrize("amount", ["0.00", "-1.00", "1850.01", "12.345", "abc", ""])
def test_an_amount_out_of_range_is_400_on_the_amount(bff, amount):
    invoice = InvoiceFactory(rent=Decimal("1850.00"))
    response = post_payment(bff, invoice, key=f"bad-{amount}", amount=amount)
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert list(response.json()["errors"]) == ["amount"]
    assert not Payment.objects.exists()


@pytest.mark.django_db
def test_a_rejected_request_is_not_stored_so_the_key_can_be_sent_again_corrected(bff):
    invoice = InvoiceFactory(rent=Decimal("100.00"))
    assert post_payment(bff, invoice, key="fix-me", amount="150.00").status_code == 400
    assert post_payment(bff, invoice, key="fix-me", amount="100.00").status_code == 201


@pytest.mark.django_db
def test_body_fields_are_validated_per_field(bff):
    invoice = InvoiceFactory()
    response = bff.post(
        f"/api/v1/invoices/{invoice.id}/payments",
        {"tenant_id": "nope", "amount": "1.00", "method": "cash"},
        format="json",
        headers={"Idempotency-Key": "fields"},
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"tenant_id", "method"}


@pytest.mark.django_db
def test_malformed_json_is_400_not_500():
    client = Client(headers={"Authorization": "Bearer test-token-bff", "Idempotency-Key": "json"})
    invoice = InvoiceFactory()
    response = client.post(
        f"/api/v1/invoices/{invoice.id}/payments", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["paid", "void"])
def test_paying_a_paid_or_void_invoice_is_409(bff, status):
    invoice = InvoiceFactory(rent=Decimal("100.00"))
    if status == "paid":
        pay(invoice, "100.00")
    else:
        from billing.services import invoice_void

        invoice_void(invoice=invoice)
    response = post_payment(bff, invoice, key="late", amount="1.00")
    assert response.status_code == 409
    assert response["Content-Type"] == PROBLEM


@pytest.mark.django_db
def test_another_tenants_invoice_cannot_be_paid(bff):
    invoice = InvoiceFactory()
    response = post_payment(bff, invoice, key="not-mine", tenant_id=uuid.uuid4())
    assert response.status_code == 404
    assert not Payment.objects.exists()


@pytest.mark.django_db
def test_keys_are_per_caller(service_client, settings):
    """Two callers may pick the same key without seeing each other's answers."""
    invoice = InvoiceFactory(rent=Decimal("100.00"))
    assert post_payment(service_client("bff"), invoice, key="shared", amount="10.00").status_code == 201
    IdempotencyRecord.objects.update(caller="someone-else")
    assert post_payment(service_client("bff"), invoice, key="shared", amount="10.00").status_code == 201
    assert Payment.objects.count() == 2


# --- real threads, real PostgreSQL transactions ------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_with_one_key_create_one_payment(service_client):
    """While the first request holds the key, the others are told 409 "in flight" at once (no waiting
    worker, no timeout); those that come after it committed replay its answer. A retry gets the payment."""
    invoice = InvoiceFactory(rent=Decimal("1850.00"))
    responses = run_together(lambda i: post_payment(service_client("bff"), invoice, key="double-click"), 8)
    assert {getattr(r, "status_code", None) for r in responses} <= {201, 409}, responses
    assert Payment.objects.count() == 1
    created = [r for r in responses if r.status_code == 201]
    assert len({r.content for r in created}) == 1  # the winner's answer, and replays of it
    assert sum(r.get("Idempotent-Replayed") != "true" for r in created) == 1
    for conflict in (r for r in responses if r.status_code == 409):
        assert conflict.json()["type"].endswith(":idempotency-key-in-flight")
        assert conflict["Retry-After"] == "1"
    retry = post_payment(service_client("bff"), invoice, key="double-click")
    assert (retry.status_code, retry["Idempotent-Replayed"], retry.content) == (
        201,
        "true",
        created[0].content,
    )
    assert Invoice.objects.get().status == "paid"


@pytest.mark.django_db
def test_a_key_still_in_flight_is_409_with_retry_after(service_client):
    """Deterministic twin of the race above: another connection holds the key's claim."""
    from django.db import connections

    invoice = InvoiceFactory(rent=Decimal("100.00"))
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("BEGIN")
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", ["bff\nheld"])
            response = post_payment(service_client("bff"), invoice, key="held", amount="10.00")
            cursor.execute("ROLLBACK")
    finally:
        other.close()
    assert response.status_code == 409
    assert response["Content-Type"] == PROBLEM and response["Retry-After"] == "1"
    assert not Payment.objects.exists()
    assert post_payment(service_client("bff"), invoice, key="held", amount="10.00").status_code == 201


@pytest.mark.django_db(transaction=True)
def test_concurrent_full_payments_with_different_keys_pay_once_and_the_rest_conflict(service_client):
    invoice = InvoiceFactory(rent=Decimal("1850.00"))
    responses = run_together(lambda i: post_payment(service_client("bff"), invoice, key=f"tab-{i}"), 6)
    codes = sorted(r.status_code for r in responses)
    assert codes == [201, 409, 409, 409, 409, 409], responses
    assert Payment.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_one_key_sent_concurrently_for_two_invoices_pays_one_and_refuses_the_other(service_client):
    tenant = uuid.uuid4()
    invoices = [InvoiceFactory(tenant_id=tenant), InvoiceFactory(tenant_id=tenant)]
    responses = run_together(lambda i: post_payment(service_client("bff"), invoices[i % 2], key="one-key"), 6)
    codes = sorted(r.status_code for r in responses)
    winners = {r.content for r in responses if r.status_code == 201}
    # A loser is 422 (the key was used for another invoice), or 409 while the winner still holds it.
    assert len(winners) == 1 and set(codes) <= {201, 409, 422}, codes
    assert Payment.objects.count() == 1
    paid = Payment.objects.get().invoice
    loser = invoices[1] if paid == invoices[0] else invoices[0]
    assert post_payment(service_client("bff"), loser, key="one-key").status_code == 422


@pytest.mark.django_db(transaction=True)
def test_concurrent_partial_payments_never_pay_more_than_is_due(service_client):
    """Partial payments leave the invoice row unchanged: each must still see the others' payments."""
    invoice = InvoiceFactory(rent=Decimal("100.00"))
    responses = run_together(
        lambda i: post_payment(service_client("bff"), invoice, key=f"part-{i}", amount="30.00"), 8
    )
    assert sorted(r.status_code for r in responses) == [201, 201, 201, 400, 400, 400, 400, 400]
    row = Invoice.objects.with_amounts().get()
    assert (row.amount_paid, row.amount_due, row.status) == (Decimal("90.00"), Decimal("10.00"), "open")
