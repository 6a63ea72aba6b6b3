"""property-service honours the pacts of its consumers (bff, financial-service), verified live.

Run by tests/contract/run.sh inside property-service's pytest (its settings, ORM and factories);
gunicorn serves the test database, and each provider state below creates exactly the rows its
interaction reads.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from leasing.models import Lease
from leasing.tests.factories import LeaseFactory, RentalApplicationFactory, TenantFactory
from pactkit.provider import ProviderStates, live_provider, new_token, verify_pact
from properties.models import Listing
from properties.tests.factories import ListingFactory, ListingPhotoFactory

PROVIDER = "property-service"
TOKENS = {"bff": new_token(), "financial-service": new_token()}


def published_listing(params: dict) -> None:
    """A published listing (with a photo) in ``city``, open for move-ins from today."""
    listing = ListingFactory(
        id=params["listing_id"],
        unit__property__city=params.get("city", "Portland"),
        available_from=timezone.localdate(),
    )
    ListingPhotoFactory(listing=listing)
    if email := params.get("open_application_email"):
        RentalApplicationFactory(listing=listing, email=email, move_in_date=listing.available_from)


def unpublished_listing(params: dict) -> None:
    """The id belongs to a draft: a listing exists, but not for the market."""
    ListingFactory(id=params["listing_id"], status=Listing.Status.DRAFT, published_at=None)


def tenant_with_active_lease(params: dict) -> None:
    LeaseFactory(
        id=params["lease_id"], tenant=TenantFactory(id=params["tenant_id"]), status=Lease.Status.ACTIVE
    )


def active_leases(params: dict) -> None:
    """``count`` active leases running on ``active_on`` (the rent run's page through them)."""
    day = date.fromisoformat(params["active_on"])
    for n in range(int(params["count"])):
        LeaseFactory(
            start_date=day - timedelta(days=30),
            end_date=day + timedelta(days=335),
            rent_due_day=1 + n * 9 % 28,
            status=Lease.Status.ACTIVE,
        )


STATES = ProviderStates(
    {
        "a published listing": published_listing,
        "no published listing has this id": unpublished_listing,
        "a tenant with an active lease": tenant_with_active_lease,
        "active leases": active_leases,
    }
)


@pytest.fixture(scope="session")
def provider(django_db_setup):
    tokens = ",".join(f"{caller}={token}" for caller, token in TOKENS.items())
    with live_provider("property_service", PROVIDER, env={"SERVICE_TOKENS": tokens}) as server:
        yield server


@pytest.mark.parametrize("consumer", ["bff", "financial-service"])
def test_property_service_honours_the_pact_of(consumer, provider, transactional_db):
    STATES.errors.clear()
    verify_pact(
        consumer, PROVIDER, provider, STATES, credentials={"Authorization": f"Bearer {TOKENS[consumer]}"}
    )
