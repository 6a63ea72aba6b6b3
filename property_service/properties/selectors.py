"""Reads of properties, units and listings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import QuerySet

from properties.models import Listing, Property, Unit

LISTING_ORDERINGS = {
    "newest": ("-published_at", "id"),
    "rent": ("monthly_rent", "id"),
    "-rent": ("-monthly_rent", "-id"),  # the rent index read backwards
    "available_from": ("available_from", "id"),
    "bedrooms": ("unit__bedrooms", "monthly_rent", "id"),
    "-bedrooms": ("-unit__bedrooms", "monthly_rent", "id"),
}


def listing_search(
    *,
    city: str | None = None,
    min_rent: Decimal | None = None,
    max_rent: Decimal | None = None,
    bedrooms: int | None = None,
    available_from: date | None = None,
    ordering: str = "newest",
) -> QuerySet[Listing]:
    """Published listings matching every given filter.

    ``bedrooms`` means at least that many; ``available_from`` means available on or before that date.
    """
    qs = Listing.objects.filter(status=Listing.Status.PUBLISHED)
    if city:
        qs = qs.filter(unit__property__city__iexact=city)
    if min_rent is not None:
        qs = qs.filter(monthly_rent__gte=min_rent)
    if max_rent is not None:
        qs = qs.filter(monthly_rent__lte=max_rent)
    if bedrooms is not None:
        qs = qs.filter(unit__bedrooms__gte=bedrooms)
    if available_from is not None:
        qs = qs.filter(available_from__lte=available_from)
    return (
        qs.select_related("unit__property")
        .prefetch_related("photos")
        .order_by(*LISTING_ORDERINGS.get(ordering, LISTING_ORDERINGS["newest"]))
    )


def listing_get_published(listing_id) -> Listing | None:
    return listing_search().filter(id=listing_id).first()


def listing_cities() -> list[str]:
    return list(
        Property.objects.filter(units__listings__status=Listing.Status.PUBLISHED)
        .order_by("city")
        .values_list("city", flat=True)
        .distinct()
    )


def property_list() -> QuerySet[Property]:
    return Property.objects.order_by("name", "id")


def unit_list(*, property_id=None) -> QuerySet[Unit]:
    qs = Unit.objects.select_related("property").order_by("property__name", "label", "id")
    if property_id is not None:
        qs = qs.filter(property_id=property_id)
    return qs
