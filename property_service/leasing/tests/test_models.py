"""Constraints PostgreSQL enforces even when code forgets to validate (objects.create skips full_clean)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from properties.tests.factories import ListingFactory, UnitFactory

from leasing.models import Lease, RentalApplication
from leasing.tests.factories import LeaseFactory, RentalApplicationFactory, TenantFactory

pytestmark = pytest.mark.django_db


def rejected_by_database(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_one_active_lease_per_unit():
    unit = UnitFactory()
    LeaseFactory(unit=unit)
    rejected_by_database(lambda: LeaseFactory(unit=unit))


def test_a_unit_keeps_its_history_of_ended_and_draft_leases():
    unit = UnitFactory()
    LeaseFactory(unit=unit, status=Lease.Status.ENDED)
    LeaseFactory(unit=unit, status=Lease.Status.TERMINATED)
    LeaseFactory(unit=unit, status=Lease.Status.DRAFT)
    LeaseFactory(unit=unit, status=Lease.Status.DRAFT)
    LeaseFactory(unit=unit)
    assert unit.leases.count() == 5


def test_activating_a_second_lease_by_update_is_refused():
    unit = UnitFactory()
    LeaseFactory(unit=unit)
    draft = LeaseFactory(unit=unit, status=Lease.Status.DRAFT)
    rejected_by_database(lambda: Lease.objects.filter(pk=draft.pk).update(status=Lease.Status.ACTIVE))


@pytest.mark.parametrize("days", [0, -1])
def test_a_lease_ends_after_it_starts(days):
    lease = LeaseFactory.build()
    rejected_by_database(lambda: LeaseFactory(end_date=lease.start_date + timedelta(days=days)))


@pytest.mark.parametrize("rent", [Decimal("0.00"), Decimal("-100.00")])
def test_lease_rent_must_be_positive(rent):
    rejected_by_database(lambda: LeaseFactory(monthly_rent=rent))


@pytest.mark.parametrize("day", [0, 29])
def test_rent_is_due_on_a_day_every_month_has(day):
    rejected_by_database(lambda: LeaseFactory(rent_due_day=day))


def test_tenant_emails_are_unique():
    TenantFactory(email="ada@example.com")
    rejected_by_database(lambda: TenantFactory(email="ada@example.com"))


def test_one_open_application_per_email_and_listing():
    listing = ListingFactory()
    RentalApplicationFactory(listing=listing, email="grace@example.com")
    rejected_by_database(lambda: RentalApplicationFactory(listing=listing, email="grace@example.com"))


def test_decided_applications_do_not_block_a_new_one():
    listing = ListingFactory()
    RentalApplicationFactory(
        listing=listing, email="grace@example.com", status=RentalApplication.Status.REJECTED
    )
    RentalApplicationFactory(
        listing=listing, email="grace@example.com", status=RentalApplication.Status.WITHDRAWN
    )
    RentalApplicationFactory(listing=listing, email="grace@example.com")
    RentalApplicationFactory(email="grace@example.com")  # another listing
    assert RentalApplication.objects.filter(email="grace@example.com").count() == 4


@pytest.mark.parametrize("occupants", [0, 13])
def test_occupants_are_between_one_and_twelve(occupants):
    rejected_by_database(lambda: RentalApplicationFactory(occupants=occupants))


def test_application_number_comes_from_its_sequence():
    application = RentalApplicationFactory()
    assert application.number == f"APP-{application.seq:06d}"
