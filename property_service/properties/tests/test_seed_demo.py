import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from leasing.models import Lease, RentalApplication, Tenant

from properties.models import Listing, ListingPhoto, Property, Unit
from servicekit import demo

pytestmark = pytest.mark.django_db

MODELS = (Property, Unit, Listing, ListingPhoto, Tenant, Lease, RentalApplication)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_seed_demo_builds_the_documented_world(capsys):
    call_command("seed_demo")
    vacant = [u for u in demo.UNITS if u.id not in demo.LEASED_UNIT_IDS]
    assert counts() == {
        "Property": len(demo.PROPERTIES),
        "Unit": len(demo.UNITS),
        "Listing": len(vacant),
        "ListingPhoto": 3 * len(vacant),
        "Tenant": len(demo.TENANTS),
        "Lease": len(demo.LEASES),
        "RentalApplication": 0,
    }
    assert len({p.city for p in demo.PROPERTIES}) >= 3
    for lease in demo.LEASES:
        stored = Lease.objects.get(id=lease.id)
        assert (stored.unit_id, stored.tenant_id, stored.status) == (lease.unit_id, lease.tenant_id, "active")
        assert stored.monthly_rent == lease.monthly_rent
    for unit in vacant:
        listing = Listing.objects.get(id=demo.listing_id(unit.id))
        assert listing.status == Listing.Status.PUBLISHED
        assert listing.monthly_rent == unit.rent
        assert all(p.url.startswith("/photos/") and p.url.endswith(".svg") for p in listing.photos.all())
    staff = get_user_model().objects.get(username=demo.STAFF_USERNAME)
    assert staff.is_staff and staff.is_superuser and staff.check_password(demo.STAFF_PASSWORD)
    assert (
        "seed_demo: 4 properties, 13 units, 4 tenants, 4 active leases, 9 published listings"
        in capsys.readouterr().out
    )


def test_seed_demo_twice_changes_nothing():
    call_command("seed_demo")
    first = counts()
    snapshot = sorted(Listing.objects.values_list("id", "title", "monthly_rent", "status", "available_from"))
    call_command("seed_demo")
    assert counts() == first
    assert (
        sorted(Listing.objects.values_list("id", "title", "monthly_rent", "status", "available_from"))
        == snapshot
    )
    assert get_user_model().objects.filter(username=demo.STAFF_USERNAME).count() == 1


def test_seed_demo_repairs_what_staff_changed():
    call_command("seed_demo")
    listing = Listing.objects.get(id=demo.listing_id(demo.UNITS[0].id))
    listing.status = Listing.Status.UNPUBLISHED
    listing.save()
    call_command("seed_demo")
    listing.refresh_from_db()
    assert listing.status == Listing.Status.PUBLISHED


def test_demo_identifiers_follow_their_documented_pattern():
    assert str(demo.PROPERTIES[0].id) == "a0000000-0000-4000-8000-000000000001"
    assert str(demo.UNITS[1].id) == "b0000000-0000-4000-8000-000000000002"
    assert str(demo.TENANTS[0].id) == "c0000000-0000-4000-8000-000000000001"
    assert str(demo.LEASES[0].id) == "d0000000-0000-4000-8000-000000000001"
    assert str(demo.listing_id(demo.UNITS[6].id)) == "e0000000-0000-4000-8000-000000000007"
