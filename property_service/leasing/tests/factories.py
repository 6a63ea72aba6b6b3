from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from properties.tests.factories import ListingFactory, UnitFactory

from leasing.models import Lease, RentalApplication, Tenant


class TenantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tenant

    first_name = "Ada"
    last_name = factory.Sequence(lambda n: f"Tenant{n}")
    email = factory.Sequence(lambda n: f"tenant{n}@example.com")
    phone = "+1 503 555 0100"


class LeaseFactory(factory.django.DjangoModelFactory):
    """An active lease running from a month ago for a year unless told otherwise."""

    class Meta:
        model = Lease

    unit = factory.SubFactory(UnitFactory)
    tenant = factory.SubFactory(TenantFactory)
    start_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    end_date = factory.LazyAttribute(lambda o: o.start_date + timedelta(days=365))
    monthly_rent = Decimal("1800.00")
    currency = "USD"
    deposit = Decimal("1800.00")
    rent_due_day = 1
    status = Lease.Status.ACTIVE


class RentalApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RentalApplication

    listing = factory.SubFactory(ListingFactory)
    full_name = "Grace Hopper"
    email = factory.Sequence(lambda n: f"applicant{n}@example.com")
    phone = "+1 503 555 0199"
    move_in_date = factory.LazyAttribute(lambda o: o.listing.available_from)
    occupants = 1
    message = ""
    status = RentalApplication.Status.SUBMITTED
