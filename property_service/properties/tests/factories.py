from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from properties.models import Listing, ListingPhoto, Property, Unit


class PropertyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Property

    name = factory.Sequence(lambda n: f"Building {n}")
    address_line1 = factory.Sequence(lambda n: f"{100 + n} Main St")
    city = "Portland"
    postal_code = "97209"
    country = "US"
    description = "A well-kept building."


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    property = factory.SubFactory(PropertyFactory)
    label = factory.Sequence(lambda n: f"{n}A")
    bedrooms = 2
    bathrooms = Decimal("1.0")
    area_sqm = 70
    floor = 1


class ListingFactory(factory.django.DjangoModelFactory):
    """A published listing unless told otherwise (``ListingFactory(draft=True)``)."""

    class Meta:
        model = Listing

    class Params:
        draft = factory.Trait(status=Listing.Status.DRAFT, published_at=None)

    unit = factory.SubFactory(UnitFactory)
    title = factory.LazyAttribute(lambda o: f"Home at {o.unit.property.name} {o.unit.label}")
    description = "Bright and quiet."
    monthly_rent = Decimal("1500.00")
    currency = "USD"
    deposit = Decimal("1500.00")
    available_from = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))
    pets_allowed = False
    status = Listing.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class ListingPhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ListingPhoto

    listing = factory.SubFactory(ListingFactory)
    url = factory.Sequence(lambda n: f"/photos/home-{n}.svg")
    alt_text = "Living room"
    position = factory.Sequence(int)
