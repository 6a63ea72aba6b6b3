"""Races only a real database can settle: two requests at the same moment, on two connections."""

import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from properties.models import Listing
from properties.services import listing_publish
from properties.tests.factories import ListingFactory, UnitFactory

from leasing.models import RentalApplication
from leasing.services import application_approve, application_create, application_reject
from leasing.tests.factories import RentalApplicationFactory
from servicekit.problem import Conflict

pytestmark = pytest.mark.django_db(transaction=True)


def race(*calls: Callable[[], object]) -> list[object]:
    """Run the calls at once, each in its own thread (and database connection); results or exceptions."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(index: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait()
            results[index] = call()
        except Exception as exc:
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_a_double_submitted_application_is_stored_once():
    listing = ListingFactory()

    def submit():
        return application_create(
            listing_id=listing.id,
            full_name="Grace Hopper",
            email="grace@example.com",
            phone="+1 503 555 0199",
            move_in_date=listing.available_from,
        )

    results = race(submit, submit, submit, submit)
    stored = [r for r in results if isinstance(r, RentalApplication)]
    conflicts = [r for r in results if isinstance(r, Conflict)]
    assert (len(stored), len(conflicts)) == (1, 3), results
    assert RentalApplication.objects.count() == 1


def test_approve_and_reject_at_once_decide_once():
    application = RentalApplicationFactory()
    results = race(
        lambda: application_approve(application=application),
        lambda: application_reject(application=application),
    )
    decided = [r for r in results if isinstance(r, RentalApplication)]
    refused = [r for r in results if isinstance(r, Conflict)]
    assert (len(decided), len(refused)) == (1, 1), results
    application.refresh_from_db()
    assert application.status == decided[0].status


def test_two_listings_of_one_unit_published_at_once_leave_one_published():
    unit = UnitFactory()
    first, second = ListingFactory(unit=unit, draft=True), ListingFactory(unit=unit, draft=True)
    results = race(lambda: listing_publish(listing=first), lambda: listing_publish(listing=second))
    assert sum(isinstance(r, Listing) for r in results) == 1, results
    assert sum(isinstance(r, ValidationError) for r in results) == 1, results
    assert Listing.objects.filter(unit=unit, status=Listing.Status.PUBLISHED).count() == 1
