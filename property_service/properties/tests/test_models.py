"""Constraints PostgreSQL enforces even when code forgets to validate (objects.create skips full_clean)."""

import uuid
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from properties.models import Listing
from properties.tests.factories import ListingFactory, PropertyFactory, UnitFactory

pytestmark = pytest.mark.django_db


def rejected_by_database(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_one_published_listing_per_unit():
    unit = UnitFactory()
    ListingFactory(unit=unit)
    rejected_by_database(lambda: ListingFactory(unit=unit))


def test_a_unit_may_have_drafts_and_old_listings_beside_its_published_one():
    unit = UnitFactory()
    ListingFactory(unit=unit)
    ListingFactory(unit=unit, draft=True)
    ListingFactory(unit=unit, draft=True)
    ListingFactory(unit=unit, status=Listing.Status.UNPUBLISHED)
    assert unit.listings.count() == 4


def test_publishing_a_second_listing_of_a_unit_by_update_is_refused():
    unit = UnitFactory()
    ListingFactory(unit=unit)
    draft = ListingFactory(unit=unit, draft=True)
    rejected_by_database(lambda: Listing.objects.filter(pk=draft.pk).update(status=Listing.Status.PUBLISHED))


@pytest.mark.parametrize("rent", [Decimal("0.00"), Decimal("-1.00")])
def test_listing_rent_must_be_positive(rent):
    rejected_by_database(lambda: ListingFactory(monthly_rent=rent))


def test_listing_deposit_must_not_be_negative():
    rejected_by_database(lambda: ListingFactory(deposit=Decimal("-0.01")))
    assert ListingFactory(deposit=Decimal("0.00")).deposit == 0


def test_a_listing_needs_a_unit_that_exists():
    def make():
        # Django's foreign keys are checked at commit; ask for the check now.
        connection.cursor().execute("SET CONSTRAINTS ALL IMMEDIATE")
        Listing.objects.create(
            unit_id=uuid.uuid4(), title="Ghost", monthly_rent=Decimal("1000.00"), available_from="2030-01-01"
        )

    rejected_by_database(make)


def test_unit_labels_are_unique_within_a_property_only():
    building = PropertyFactory()
    UnitFactory(property=building, label="2B")
    rejected_by_database(lambda: UnitFactory(property=building, label="2B"))
    assert UnitFactory(label="2B").label == "2B"


@pytest.mark.parametrize(
    "fields",
    [{"bedrooms": 21}, {"bathrooms": Decimal("0.0")}, {"area_sqm": 4}],
    ids=["bedrooms", "bathrooms", "area"],
)
def test_unit_facts_have_sane_ranges(fields):
    rejected_by_database(lambda: UnitFactory(**fields))


def test_a_property_address_is_unique():
    PropertyFactory(address_line1="1 Elm St", city="Austin", postal_code="78701")
    rejected_by_database(
        lambda: PropertyFactory(address_line1="1 Elm St", city="Austin", postal_code="78701")
    )


def test_a_unit_with_listings_cannot_be_deleted():
    from django.db.models import ProtectedError

    listing = ListingFactory()
    with pytest.raises(ProtectedError):
        listing.unit.delete()
