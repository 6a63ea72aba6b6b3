"""Example values the BFF's consumer tests share. The pacts match ids, dates and money by shape, so a
provider's own values pass; provider states receive the ids an interaction's path names."""

from __future__ import annotations

from pact import match
from pactkit.matchers import bearer, day, integer, money, text, uuid

TOKEN = "bff-contract-token"  # an example: each provider's verifier sends its real token instead
AUTH = bearer(TOKEN)

# The signed-in tenant of every tenant interaction.
TENANT_ID = "c0000000-0000-4000-8000-00000000c0de"
TENANT_EMAIL = "alice.contract@example.com"
OTHER_TENANT_ID = "c0000000-0000-4000-8000-0000000b0b00"

PROPERTY_ID = "a0000000-0000-4000-8000-00000000c0de"
UNIT_ID = "b0000000-0000-4000-8000-00000000c0de"
LEASE_ID = "d0000000-0000-4000-8000-00000000c0de"


def lease_body() -> dict:
    """A lease as the tenant's dashboard shows it and as work orders take their home from."""
    return {
        "id": uuid(LEASE_ID),
        "tenant_id": uuid(TENANT_ID),
        "status": "active",
        "start_date": day("2026-01-01"),
        "end_date": day("2026-12-31"),
        "monthly_rent": money("1850.00"),
        "currency": match.regex("USD", regex=r"^[A-Z]{3}$"),
        "deposit": money("1850.00"),
        "rent_due_day": match.int(1, min=1, max=28),
        "unit": {
            "id": uuid(UNIT_ID),
            "label": text("1B"),
            "bedrooms": integer(2),
            "bathrooms": match.regex("1.0", regex=r"^[0-9]+\.[0-9]$"),
            "area_sqm": integer(70),
            "floor": integer(1),
        },
        "property": {
            "id": uuid(PROPERTY_ID),
            "name": text("Alder Court"),
            "address_line1": text("120 NW Alder St"),
            "city": text("Portland"),
            "postal_code": text("97209"),
            "country": text("US"),
        },
    }
