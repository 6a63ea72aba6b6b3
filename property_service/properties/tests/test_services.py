import pytest
from django.core.exceptions import ValidationError

from properties.models import Listing
from properties.services import listing_publish, listing_unpublish
from properties.tests.factories import ListingFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_publishing_a_draft_makes_it_public_with_a_timestamp():
    listing = ListingFactory(draft=True)
    listing_publish(listing=listing)
    listing.refresh_from_db()
    assert listing.status == Listing.Status.PUBLISHED
    assert listing.published_at is not None


def test_publishing_again_changes_nothing():
    listing = ListingFactory()
    first = listing.published_at
    listing_publish(listing=listing)
    listing.refresh_from_db()
    assert listing.published_at == first


def test_an_unpublished_listing_can_be_published_again():
    listing = ListingFactory(status=Listing.Status.UNPUBLISHED)
    assert listing_publish(listing=listing).status == Listing.Status.PUBLISHED


def test_a_second_listing_of_the_same_unit_cannot_be_published():
    unit = UnitFactory()
    ListingFactory(unit=unit)
    draft = ListingFactory(unit=unit, draft=True)
    with pytest.raises(ValidationError, match="already has a published listing"):
        listing_publish(listing=draft)
    assert draft.status == Listing.Status.DRAFT, "the object is reloaded, not left half-changed"
    draft.refresh_from_db()
    assert draft.status == Listing.Status.DRAFT


def test_unpublishing_withdraws_the_listing_and_keeps_when_it_was_published():
    listing = ListingFactory()
    listing_unpublish(listing=listing)
    listing.refresh_from_db()
    assert listing.status == Listing.Status.UNPUBLISHED
    assert listing.published_at is not None


def test_unpublishing_a_draft_leaves_it_a_draft():
    listing = ListingFactory(draft=True)
    listing_unpublish(listing=listing)
    listing.refresh_from_db()
    assert listing.status == Listing.Status.DRAFT
