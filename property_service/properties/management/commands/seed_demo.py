"""Demo data: properties in three cities, units, published listings with photos, tenants, leases.

Identifiers come from servicekit.demo, shared with the other services' seeds. Running it twice
changes nothing (on the same day: availability dates follow the calendar).
"""

from datetime import date, timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from leasing.models import Lease, Tenant

from properties.models import Listing, ListingPhoto, Property, Unit
from servicekit import demo

ADJECTIVES = ["Sunny", "Quiet", "Bright", "Spacious", "Cosy", "Airy", "Renovated", "Corner"]


def first_of_next_month(today: date) -> date:
    return (today.replace(day=1) + timedelta(days=32)).replace(day=1)


class Command(BaseCommand):
    help = "Create or refresh the demo data set (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        today = timezone.localdate()
        demo.ensure_demo_staff_user()
        for p in demo.PROPERTIES:
            Property.objects.update_or_create(
                id=p.id,
                defaults={
                    "name": p.name,
                    "address_line1": p.address,
                    "city": p.city,
                    "postal_code": p.postal_code,
                    "country": "US",
                    "description": p.description,
                },
            )
        for u in demo.UNITS:
            Unit.objects.update_or_create(
                id=u.id,
                defaults={
                    "property_id": u.property_id,
                    "label": u.label,
                    "bedrooms": u.bedrooms,
                    "bathrooms": u.bathrooms,
                    "area_sqm": u.area_sqm,
                    "floor": u.floor,
                },
            )
        for t in demo.TENANTS:
            Tenant.objects.update_or_create(
                id=t.id,
                defaults={
                    "first_name": t.first_name,
                    "last_name": t.last_name,
                    "email": t.email,
                    "phone": t.phone,
                },
            )
        for lease in demo.LEASES:
            Lease.objects.update_or_create(
                id=lease.id,
                defaults={
                    "unit_id": lease.unit_id,
                    "tenant_id": lease.tenant_id,
                    "start_date": lease.start_date,
                    "end_date": lease.end_date,
                    "monthly_rent": lease.monthly_rent,
                    "currency": demo.CURRENCY,
                    "deposit": lease.deposit,
                    "rent_due_day": 1,
                    "status": Lease.Status.ACTIVE,
                },
            )

        listings = 0
        for index, u in enumerate(u for u in demo.UNITS if u.id not in demo.LEASED_UNIT_IDS):
            prop = demo.property_of(u.id)
            kind = "studio" if u.bedrooms == 0 else f"{u.bedrooms}-bedroom home"
            listing, _ = Listing.objects.update_or_create(
                id=demo.listing_id(u.id),
                defaults={
                    "unit_id": u.id,
                    "title": f"{ADJECTIVES[index % len(ADJECTIVES)]} {kind} at {prop.name}",
                    "description": f"{prop.description} Unit {u.label} is on floor {u.floor}, "
                    f"{u.area_sqm} m² with {u.bathrooms} bathroom(s).",
                    "monthly_rent": u.rent,
                    "currency": demo.CURRENCY,
                    "deposit": u.rent,
                    "available_from": first_of_next_month(today) + timedelta(days=14 * (index % 3)),
                    "pets_allowed": index % 2 == 0,
                    "status": Listing.Status.PUBLISHED,
                    "published_at": timezone.make_aware(timezone.datetime(2026, 11, 1, 9, 0))
                    - timedelta(hours=index),
                },
            )
            slug = slugify(prop.name)
            for position in range(3):
                ListingPhoto.objects.update_or_create(
                    listing=listing,
                    position=position,
                    defaults={
                        "url": f"/photos/{slug}-{position + 1}.svg",
                        "alt_text": f"{prop.name}, unit {u.label}: photo {position + 1}",
                    },
                )
            listings += 1
        self.stdout.write(
            f"seed_demo: {len(demo.PROPERTIES)} properties, {len(demo.UNITS)} units, {len(demo.TENANTS)} tenants, "
            f"{len(demo.LEASES)} active leases, {listings} published listings"
        )
