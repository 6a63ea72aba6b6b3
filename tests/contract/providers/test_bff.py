"""The bff honours the pacts of the tenant portal and the market portal, verified live: the bff's
gunicorn (production settings) on the test database, signed-in sessions made by the states.

Behind the bff, its three services are the bff's own stand-ins (bff/fake_services.py: real HTTP
servers in this process), filled by each provider state with exactly what the interaction needs.
That is Pact's way for a provider with providers of its own: the portals' contract is the bff's
behaviour, and what the bff may expect of the services is the bff's own pacts with them, which the
real services verify. "maintenance-service is down" switches its stand-in to answering 503.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
import requests
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.utils import timezone
from django.utils.crypto import get_random_string
from fake_services import TOKEN, FakePlatform, World
from pactkit.provider import ProviderStates, flush_database, live_provider, port_of, verify_pact

from servicekit import demo

PROVIDER = "bff"
ALICE, BEN = demo.TENANTS[0], demo.TENANTS[1]
ALICES_LEASE = demo.LEASES[0]
# The signed-in browser the verifier stands for: its session and CSRF token replace the pacts' examples.
SESSION = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
CSRF = get_random_string(32)
CREDENTIALS = {"Cookie": f"sessionid={SESSION}; csrftoken={CSRF}", "X-CSRFToken": CSRF}


class States:
    """The bff's provider states: its own rows (accounts, sessions) and its stand-ins' world."""

    def __init__(self, platform: FakePlatform, server) -> None:
        self.platform, self.server = platform, server

    @property
    def world(self) -> World:
        return self.platform.world

    def reset(self) -> None:
        flush_database()
        cache.clear()  # throttle counts
        world = World()
        self.platform.world = world
        for service in self.platform.services:
            service.reset(world)

    def signed_in_tenant(self, params: dict) -> None:
        from accounts import services

        account = services.tenant_account_create(
            email=ALICE.email, first_name=ALICE.first_name, last_name=ALICE.last_name, tenant_id=ALICE.id
        )
        # The row sign-in would write, under the key the verifier's cookie names (SessionStore
        # itself would pick a fresh key: it does not take one it has not issued).
        data = {
            SESSION_KEY: str(account.user.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: account.user.get_session_auth_hash(),
        }
        Session.objects.create(
            session_key=SESSION,
            session_data=SessionStore().encode(data),
            expire_date=timezone.now() + timedelta(hours=1),
        )

    def lease(self) -> None:
        self.world.leases.extend(
            lease for lease in World.demo().leases if lease["tenant_id"] == str(ALICE.id)
        )

    def invoice(self, invoice_id: str, tenant_id, *, paid: str = "0.00") -> dict:
        invoice = self.world.add_invoice(
            invoice_id, tenant_id, ALICES_LEASE.id, "2026-11", "open", ALICES_LEASE.monthly_rent
        )
        if Decimal(paid):
            invoice["payments"].append(
                {
                    "id": str(uuid.uuid4()),
                    "invoice_id": invoice_id,
                    "amount": paid,
                    "currency": "USD",
                    "method": "card",
                    "status": "succeeded",
                    "provider_reference": "FIN-CONTRACT",
                    "received_at": "2026-11-10T10:00:00Z",
                }
            )
            invoice["amount_paid"] = paid
            invoice["amount_due"] = str(Decimal(invoice["total"]) - Decimal(paid))
        return invoice

    def work_order(self, work_order_id: str, status: str) -> None:
        self.world.add_work_order(work_order_id, ALICE.id, ALICES_LEASE.unit_id, status)

    def home_with_invoice_and_work_order(self, params: dict) -> None:
        self.lease()
        self.invoice(params["invoice_id"], ALICE.id, paid="100.00")
        self.work_order(params["work_order_id"], "submitted")

    def maintenance_down(self, params: dict) -> None:
        # Every call answers 503. (Stopping the stand-in is not enough: the bff's pooled keep-alive
        # connection to it would still be served.)
        self.platform.maintenance.mode = "error"

    def open_invoice(self, params: dict) -> None:
        self.invoice(params["invoice_id"], ALICE.id, paid=params.get("paid", "0.00"))

    def invoice_of_another_tenant(self, params: dict) -> None:
        self.invoice(params["invoice_id"], BEN.id)

    def payment_made_with_key(self, params: dict) -> None:
        """The first payment with this key, made through the live bff as the portal makes it."""
        response = requests.post(
            f"{self.server.url}/api/tenant/invoices/{params['invoice_id']}/pay",
            json={"amount": params["amount"], "method": params["method"]},
            headers={**CREDENTIALS, "Idempotency-Key": params["key"]},
            timeout=10,
        )
        assert response.status_code == 201, response.text

    def work_order_in_status(self, params: dict) -> None:
        self.work_order(params["work_order_id"], params["status"])

    def published_listing(self, params: dict) -> None:
        template = next(iter(World.demo().listings.values()))
        listing = {**template, "id": params["listing_id"]}
        listing["unit"]["property"] = {**template["unit"]["property"], "city": params["city"]}
        self.world.listings[params["listing_id"]] = listing
        if email := params.get("open_application_email"):
            self.world.applications.append(
                {
                    "id": str(uuid.uuid4()),
                    "listing_id": params["listing_id"],
                    "email": email,
                    "status": "submitted",
                }
            )

    def provider_states(self) -> ProviderStates:
        return ProviderStates(
            {
                "a signed-in tenant": self.signed_in_tenant,
                "the tenant has a lease, an open invoice and an open work order": self.home_with_invoice_and_work_order,
                "maintenance-service is down": self.maintenance_down,
                "the tenant has an active lease": lambda params: self.lease(),
                "an open invoice with a partial payment": self.open_invoice,
                "an invoice of another tenant": self.invoice_of_another_tenant,
                "a payment was made with an Idempotency-Key": self.payment_made_with_key,
                "a work order": self.work_order_in_status,
                "a published listing": self.published_listing,
                "no published listing has this id": lambda params: None,
            },
            reset=self.reset,
        )


@pytest.fixture(scope="session")
def platform():
    platform = FakePlatform.start(port_of("fakes"))
    yield platform
    platform.stop()


@pytest.fixture(scope="session")
def provider(django_db_setup, platform):
    # Sessions are signed: the states (here) and the live server must share the secret key.
    secret_key = get_random_string(64)
    settings.SECRET_KEY = secret_key
    env = {"DJANGO_SECRET_KEY": secret_key}
    for name, service in (
        ("PROPERTY_SERVICE", platform.property),
        ("FINANCIAL_SERVICE", platform.financial),
        ("MAINTENANCE_SERVICE", platform.maintenance),
    ):
        env |= {f"{name}_URL": service.url, f"{name}_TOKEN": TOKEN}
    with live_provider("bff", PROVIDER, env=env) as server:
        yield server


@pytest.mark.parametrize("consumer", ["tenant-portal", "market-portal"])
def test_bff_honours_the_pact_of(consumer, provider, platform, transactional_db):
    states = States(platform, provider)
    states.reset()
    verify_pact(consumer, PROVIDER, provider, states.provider_states(), credentials=CREDENTIALS)
