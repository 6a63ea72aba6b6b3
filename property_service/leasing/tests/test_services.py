from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from properties.models import Listing
from properties.tests.factories import ListingFactory

from leasing.models import RentalApplication, Tenant
from leasing.services import (
    InvalidTransition,
    application_approve,
    application_create,
    application_reject,
)
from leasing.tests.factories import RentalApplicationFactory, TenantFactory
from servicekit.problem import Conflict

pytestmark = pytest.mark.django_db


def apply(listing, **overrides):
    fields = {
        "listing_id": listing.id,
        "full_name": "  Grace Hopper ",
        "email": " Grace@Example.COM ",
        "phone": " +1 503 555 0199 ",
        "move_in_date": listing.available_from,
        "occupants": 2,
        "message": " We love the light. ",
    }
    return application_create(**{**fields, **overrides})


def test_an_application_is_stored_tidied_and_numbered():
    listing = ListingFactory()
    application = apply(listing)
    application.refresh_from_db()
    assert application.status == RentalApplication.Status.SUBMITTED
    assert (application.full_name, application.email, application.phone, application.message) == (
        "Grace Hopper",
        "grace@example.com",
        "+1 503 555 0199",
        "We love the light.",
    )
    assert application.listing == listing
    assert application.number == f"APP-{application.seq:06d}"


def test_submitted_applications_are_counted_by_city(metric_points):
    before = metric_points("applications_submitted").get(frozenset({("city", "Austin")}), 0)
    apply(ListingFactory(unit__property__city="Austin"))
    assert metric_points("applications_submitted")[frozenset({("city", "Austin")})] == before + 1


@pytest.mark.parametrize("status", [Listing.Status.DRAFT, Listing.Status.UNPUBLISHED])
def test_only_published_listings_take_applications(status):
    listing = ListingFactory(status=status)
    with pytest.raises(ValidationError) as caught:
        apply(listing)
    assert set(caught.value.message_dict) == {"listing_id"}


def test_moving_in_before_the_home_is_available_is_refused():
    listing = ListingFactory()
    with pytest.raises(ValidationError) as caught:
        apply(listing, move_in_date=listing.available_from - timedelta(days=1))
    assert caught.value.message_dict == {
        "move_in_date": [f"The home is available from {listing.available_from.isoformat()}."]
    }


def test_a_second_open_application_for_the_same_listing_and_email_is_a_conflict():
    listing = ListingFactory()
    apply(listing)
    with pytest.raises(Conflict, match="already have an open application"):
        apply(listing, email="grace@example.com")
    assert RentalApplication.objects.count() == 1


def test_after_a_rejection_the_same_person_may_apply_again():
    listing = ListingFactory()
    application_reject(application=apply(listing))
    assert apply(listing).status == RentalApplication.Status.SUBMITTED


def test_approving_makes_the_applicant_a_tenant():
    application = RentalApplicationFactory(full_name="Grace Brewster Hopper", email="grace@example.com")
    decided = application_approve(application=application, note="References checked")
    decided.refresh_from_db()
    assert decided.status == RentalApplication.Status.APPROVED
    assert decided.decided_at is not None
    assert decided.decision_note == "References checked"
    tenant = decided.tenant
    assert (tenant.first_name, tenant.last_name, tenant.email) == (
        "Grace",
        "Brewster Hopper",
        "grace@example.com",
    )


def test_approving_someone_who_is_already_a_tenant_links_that_tenant():
    tenant = TenantFactory(email="grace@example.com")
    application = RentalApplicationFactory(email="grace@example.com")
    assert application_approve(application=application).tenant == tenant
    assert Tenant.objects.count() == 1


def test_a_one_word_name_still_makes_a_tenant():
    application = RentalApplicationFactory(full_name="Cher")
    tenant = application_approve(application=application).tenant
    assert (tenant.first_name, tenant.last_name) == ("Cher", "-")


def test_rejecting_records_the_decision_and_makes_no_tenant():
    application = RentalApplicationFactory()
    decided = application_reject(application=application, note="Listing let")
    assert decided.status == RentalApplication.Status.REJECTED
    assert decided.tenant is None
    assert Tenant.objects.count() == 0


@pytest.mark.parametrize(
    ("status", "decide"),
    [
        (RentalApplication.Status.APPROVED, application_approve),
        (RentalApplication.Status.APPROVED, application_reject),
        (RentalApplication.Status.REJECTED, application_approve),
        (RentalApplication.Status.REJECTED, application_reject),
        (RentalApplication.Status.WITHDRAWN, application_approve),
    ],
)
def test_a_decided_application_cannot_be_decided_again(status, decide):
    application = RentalApplicationFactory(status=status)
    with pytest.raises(InvalidTransition) as caught:
        decide(application=application)
    assert caught.value.status_code == 409
    assert f"{application.number} is already {status}" in str(caught.value.detail)
    application.refresh_from_db()
    assert application.status == status


def test_a_stale_copy_cannot_decide_twice():
    application = RentalApplicationFactory()
    stale = RentalApplication.objects.get(pk=application.pk)
    application_approve(application=application)
    with pytest.raises(InvalidTransition):
        application_reject(application=stale)
    application.refresh_from_db()
    assert application.status == RentalApplication.Status.APPROVED


def test_decisions_are_counted(metric_points):
    before = metric_points("applications_decided").get(frozenset({("decision", "rejected")}), 0)
    application_reject(application=RentalApplicationFactory())
    assert metric_points("applications_decided")[frozenset({("decision", "rejected")})] == before + 1
