"""financial-service honours the pact of the bff, verified live (gunicorn on the test database).

Payments exactly once: the replay and reused-key states make their first payment through the live
API itself, so the stored answer the interaction expects is the one the service really stored.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
import requests
from billing.models import Invoice, InvoiceLine
from billing.periods import Period
from billing.tests.factories import InvoiceFactory, pay
from django.db import transaction
from django.utils import timezone
from pactkit.provider import ProviderStates, live_provider, new_token, verify_pact

PROVIDER = "financial-service"
TOKEN = new_token()


def invoice(*, tenant_id, invoice_id=None, months_ahead: int = 0, rent: str = "1850.00") -> Invoice:
    """An open invoice of the tenant (its id set to ``invoice_id`` when the pact names one)."""
    today = timezone.localdate()
    made = InvoiceFactory(
        tenant_id=tenant_id,
        rent=Decimal(rent),
        period=Period.of(today).shift(months_ahead),
        due_date=today + timedelta(days=10 + 30 * months_ahead),
    )
    if invoice_id is None:
        return made
    # The service numbers and fills invoices itself; only the id is the pact's. Foreign keys are
    # checked at commit (deferred), after lines and invoice both moved to the new id.
    with transaction.atomic():
        InvoiceLine.objects.filter(invoice_id=made.id).update(invoice_id=invoice_id)
        Invoice.objects.filter(id=made.id).update(id=invoice_id)
    return Invoice.objects.get(id=invoice_id)


def tenant_with_open_invoices(params: dict) -> None:
    invoice(tenant_id=params["tenant_id"], months_ahead=0)
    invoice(tenant_id=params["tenant_id"], months_ahead=1)


def open_invoice_with_partial_payment(params: dict) -> None:
    pay(invoice(tenant_id=params["tenant_id"], invoice_id=params["invoice_id"]), "100.00")


def invoice_of_another_tenant(params: dict) -> None:
    invoice(tenant_id=params["tenant_id"], invoice_id=params["invoice_id"])


def paid_invoice(params: dict) -> None:
    paid = invoice(tenant_id=params["tenant_id"], invoice_id=params["invoice_id"])
    pay(paid, "1850.00")
    assert Invoice.objects.get(id=paid.id).status == Invoice.Status.PAID


def states(server) -> ProviderStates:
    def payment_made_with_key(params: dict) -> None:
        """An open invoice and a first payment with ``key``, made through the API as the BFF makes it."""
        open_invoice_with_partial_payment(params)
        response = requests.post(
            f"{server.url}/api/v1/invoices/{params['invoice_id']}/payments",
            json={"tenant_id": params["tenant_id"], "amount": params["amount"], "method": params["method"]},
            headers={"Authorization": f"Bearer {TOKEN}", "Idempotency-Key": params["key"]},
            timeout=10,
        )
        assert response.status_code == 201, response.text

    return ProviderStates(
        {
            "a tenant with open invoices": tenant_with_open_invoices,
            "an open invoice with a partial payment": open_invoice_with_partial_payment,
            "an invoice of another tenant": invoice_of_another_tenant,
            "a paid invoice": paid_invoice,
            "a payment was made with an Idempotency-Key": payment_made_with_key,
        }
    )


@pytest.fixture(scope="session")
def provider(django_db_setup):
    with live_provider("financial_service", PROVIDER, env={"SERVICE_TOKENS": f"bff={TOKEN}"}) as server:
        yield server


def test_financial_service_honours_the_pact_of_the_bff(provider, transactional_db):
    verify_pact("bff", PROVIDER, provider, states(provider), credentials={"Authorization": f"Bearer {TOKEN}"})
