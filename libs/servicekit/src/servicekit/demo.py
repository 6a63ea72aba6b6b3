"""The demo world every service's ``seed_demo`` builds its part of, with fixed identifiers.

Defined once here so that property-service, financial-service, maintenance-service and the BFF agree
(same tenant, unit and lease ids) without calling each other at seed time. docs/demo-data.md lists them.
Identifier pattern: properties a…, units b…, tenants c…, leases d…, listings e….
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

CURRENCY = "USD"
DEMO_PASSWORD = "tenant-demo-2026"  # noqa: S105 — BFF accounts of the demo tenants (local and demo stacks only)


def _id(prefix: str, n: int) -> UUID:
    return UUID(f"{prefix}0000000-0000-4000-8000-{n:012d}")


@dataclass(frozen=True)
class DemoProperty:
    id: UUID
    name: str
    address: str
    city: str
    postal_code: str
    description: str


@dataclass(frozen=True)
class DemoUnit:
    id: UUID
    property_id: UUID
    label: str
    bedrooms: int
    bathrooms: Decimal
    area_sqm: int
    floor: int
    rent: Decimal


@dataclass(frozen=True)
class DemoTenant:
    id: UUID
    first_name: str
    last_name: str
    email: str
    phone: str


@dataclass(frozen=True)
class DemoLease:
    id: UUID
    unit_id: UUID
    tenant_id: UUID
    start_date: date
    end_date: date
    monthly_rent: Decimal
    deposit: Decimal


PROPERTIES = (
    DemoProperty(
        _id("a", 1),
        "Alder Court",
        "120 NW Alder St",
        "Portland",
        "97209",
        "A brick walk-up from 1924 with a shared courtyard garden, two blocks from the streetcar.",
    ),
    DemoProperty(
        _id("a", 2),
        "Riverside Lofts",
        "800 SE Water Ave",
        "Portland",
        "97214",
        "Converted warehouse lofts by the Eastbank Esplanade: high ceilings, big windows, bike room.",
    ),
    DemoProperty(
        _id("a", 3),
        "Congress Flats",
        "1400 S Congress Ave",
        "Austin",
        "78704",
        "Low-rise flats on South Congress with a pool, covered parking and a rooftop deck.",
    ),
    DemoProperty(
        _id("a", 4),
        "Larimer House",
        "2150 Larimer St",
        "Denver",
        "80205",
        "A restored Victorian in RiNo split into roomy apartments, close to Coors Field.",
    ),
)

_U = DemoUnit
UNITS = (
    _U(_id("b", 1), _id("a", 1), "1A", 1, Decimal("1.0"), 52, 1, Decimal("1450.00")),
    _U(_id("b", 2), _id("a", 1), "1B", 2, Decimal("1.0"), 71, 1, Decimal("1850.00")),
    _U(_id("b", 3), _id("a", 1), "2A", 2, Decimal("1.5"), 74, 2, Decimal("1925.00")),
    _U(_id("b", 4), _id("a", 1), "2B", 3, Decimal("2.0"), 96, 2, Decimal("2450.00")),
    _U(_id("b", 5), _id("a", 2), "101", 0, Decimal("1.0"), 38, 1, Decimal("1295.00")),
    _U(_id("b", 6), _id("a", 2), "102", 1, Decimal("1.0"), 55, 1, Decimal("1595.00")),
    _U(_id("b", 7), _id("a", 2), "201", 2, Decimal("2.0"), 88, 2, Decimal("2100.00")),
    _U(_id("b", 8), _id("a", 3), "A1", 1, Decimal("1.0"), 60, 1, Decimal("1395.00")),
    _U(_id("b", 9), _id("a", 3), "A2", 2, Decimal("2.0"), 82, 1, Decimal("1650.00")),
    _U(_id("b", 10), _id("a", 3), "B1", 3, Decimal("2.0"), 110, 2, Decimal("2250.00")),
    _U(_id("b", 11), _id("a", 4), "1", 2, Decimal("1.0"), 78, 1, Decimal("1995.00")),
    _U(_id("b", 12), _id("a", 4), "2", 3, Decimal("2.0"), 105, 2, Decimal("2400.00")),
    _U(_id("b", 13), _id("a", 4), "3", 1, Decimal("1.0"), 58, 3, Decimal("1525.00")),
)

TENANTS = (
    DemoTenant(_id("c", 1), "Alice", "Moreau", "alice@example.com", "+1 503 555 0101"),
    DemoTenant(_id("c", 2), "Ben", "Okafor", "ben@example.com", "+1 503 555 0102"),
    DemoTenant(_id("c", 3), "Chloe", "Nguyen", "chloe@example.com", "+1 512 555 0103"),
    DemoTenant(_id("c", 4), "Diego", "Alvarez", "diego@example.com", "+1 720 555 0104"),
)

LEASES = (
    DemoLease(
        _id("d", 1),
        _id("b", 2),
        _id("c", 1),
        date(2026, 1, 1),
        date(2027, 12, 31),
        Decimal("1850.00"),
        Decimal("1850.00"),
    ),
    DemoLease(
        _id("d", 2),
        _id("b", 7),
        _id("c", 2),
        date(2026, 3, 1),
        date(2027, 2, 28),
        Decimal("2100.00"),
        Decimal("2100.00"),
    ),
    DemoLease(
        _id("d", 3),
        _id("b", 9),
        _id("c", 3),
        date(2025, 9, 1),
        date(2027, 8, 31),
        Decimal("1650.00"),
        Decimal("1650.00"),
    ),
    DemoLease(
        _id("d", 4),
        _id("b", 12),
        _id("c", 4),
        date(2026, 6, 1),
        date(2027, 5, 31),
        Decimal("2400.00"),
        Decimal("2400.00"),
    ),
)

LEASED_UNIT_IDS = frozenset(lease.unit_id for lease in LEASES)


def listing_id(unit_id: UUID) -> UUID:
    """The listing of a vacant unit shares the unit's number: unit b…07 → listing e…07."""
    return _id("e", int(str(unit_id).rsplit("-", 1)[1]))


def unit(unit_id: UUID) -> DemoUnit:
    return next(u for u in UNITS if u.id == unit_id)


def property_of(unit_id: UUID) -> DemoProperty:
    return next(p for p in PROPERTIES if p.id == unit(unit_id).property_id)


STAFF_USERNAME = "admin"
STAFF_PASSWORD = "admin-demo-2026"  # noqa: S105 — demo stacks only; real staff accounts are made with createsuperuser


def ensure_demo_staff_user() -> None:
    """The demo stack's staff login for the Django admin (idempotent)."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=STAFF_USERNAME,
        defaults={"is_staff": True, "is_superuser": True, "email": "staff@example.com"},
    )
    if created:
        user.set_password(STAFF_PASSWORD)
        user.save()
