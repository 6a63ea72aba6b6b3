"""Writes: publishing and unpublishing listings."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from properties.models import Listing


def listing_publish(*, listing: Listing) -> Listing:
    if listing.status == Listing.Status.PUBLISHED:
        return listing
    try:
        with transaction.atomic():
            listing.status = Listing.Status.PUBLISHED
            listing.published_at = timezone.now()
            listing.save(update_fields=["status", "published_at", "updated_at"])
    except IntegrityError as exc:
        listing.refresh_from_db()
        raise ValidationError(f"Unit {listing.unit} already has a published listing.") from exc
    return listing


def listing_unpublish(*, listing: Listing) -> Listing:
    if listing.status != Listing.Status.PUBLISHED:
        return listing
    listing.status = Listing.Status.UNPUBLISHED
    listing.save(update_fields=["status", "updated_at"])
    return listing
