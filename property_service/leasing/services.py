"""Writes: rental applications and their decisions."""

from __future__ import annotations

import logging
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from properties.models import Listing

from leasing.models import RentalApplication, Tenant
from servicekit.metrics import counter
from servicekit.problem import Conflict

logger = logging.getLogger(__name__)

applications_submitted = counter(
    "applications_submitted", description="Rental applications submitted through the market"
)
applications_decided = counter("applications_decided", description="Rental applications approved or rejected")


class InvalidTransition(Conflict):
    slug = "invalid-state-transition"
    title = "Invalid state change"


def application_create(
    *,
    listing_id,
    full_name: str,
    email: str,
    phone: str,
    move_in_date: date,
    occupants: int = 1,
    message: str = "",
) -> RentalApplication:
    listing = Listing.objects.filter(id=listing_id, status=Listing.Status.PUBLISHED).first()
    if listing is None:
        raise ValidationError(
            {"listing_id": ["This listing does not exist or is no longer open for applications."]}
        )
    if move_in_date < listing.available_from:
        raise ValidationError(
            {"move_in_date": [f"The home is available from {listing.available_from.isoformat()}."]}
        )
    try:
        with transaction.atomic():
            application = RentalApplication.objects.create(
                listing=listing,
                full_name=full_name.strip(),
                email=email.strip().lower(),
                phone=phone.strip(),
                move_in_date=move_in_date,
                occupants=occupants,
                message=message.strip(),
            )
    except IntegrityError as exc:
        raise Conflict("You already have an open application for this listing.") from exc
    applications_submitted.add(1, {"city": listing.unit.property.city})
    logger.info(
        "application submitted", extra={"application": application.number, "listing_id": str(listing.id)}
    )
    return application


def _decide(application: RentalApplication, status: str, note: str) -> RentalApplication:
    with transaction.atomic():
        locked = RentalApplication.objects.select_for_update().get(pk=application.pk)
        if locked.status != RentalApplication.Status.SUBMITTED:
            raise InvalidTransition(f"{locked.number} is already {locked.get_status_display().lower()}.")
        locked.status = status
        locked.decided_at = timezone.now()
        locked.decision_note = note
        if status == RentalApplication.Status.APPROVED:
            # The applicant becomes a tenant of ours (the lease itself is drawn up by staff).
            first, _, last = locked.full_name.partition(" ")
            locked.tenant, _ = Tenant.objects.get_or_create(
                email=locked.email,
                defaults={"first_name": first, "last_name": last or "-", "phone": locked.phone},
            )
        locked.save()
    applications_decided.add(1, {"decision": status})
    return locked


def application_approve(*, application: RentalApplication, note: str = "") -> RentalApplication:
    return _decide(application, RentalApplication.Status.APPROVED, note)


def application_reject(*, application: RentalApplication, note: str = "") -> RentalApplication:
    return _decide(application, RentalApplication.Status.REJECTED, note)
