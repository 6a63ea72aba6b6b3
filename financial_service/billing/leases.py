"""The rent run's view of property-service: every active lease on a day, page by page."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qsl, urlsplit

from rest_framework import serializers

from billing.money import MAX_DIGITS
from billing.services import LeaseTerms
from servicekit.client import ServiceClient, client_for

LEASES_PATH = "api/v1/leases/"
MAX_PAGES = 1000  # a provider that keeps answering "next" must not keep the run going for ever


class LeaseDataError(Exception):
    """property-service answered, but not with leases the rent run can bill."""


class _Unit(serializers.Serializer):
    label = serializers.CharField()


class _Property(serializers.Serializer):
    name = serializers.CharField()


class LeaseTermsSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    tenant_id = serializers.UUIDField()
    monthly_rent = serializers.DecimalField(max_digits=MAX_DIGITS, decimal_places=2, min_value=0)
    currency = serializers.RegexField(r"^[A-Z]{3}$")
    rent_due_day = serializers.IntegerField(min_value=1, max_value=28)
    unit = _Unit()
    property = _Property()

    def to_terms(self) -> LeaseTerms:
        data = self.validated_data
        return LeaseTerms(
            id=data["id"],
            tenant_id=data["tenant_id"],
            monthly_rent=data["monthly_rent"],
            currency=data["currency"],
            rent_due_day=data["rent_due_day"],
            unit_label=data["unit"]["label"],
            property_name=data["property"]["name"],
        )


def active_leases(*, on: date, page_size: int = 100, client: ServiceClient | None = None) -> list[LeaseTerms]:
    """Every lease active on ``on``, following ``next`` links; raises DownstreamError or LeaseDataError."""
    client = client or client_for("property-service")
    params: dict[str, str] = {"status": "active", "active_on": on.isoformat(), "page_size": str(page_size)}
    leases: dict = {}
    for _ in range(MAX_PAGES):
        page = client.get_json(LEASES_PATH, params=params)
        if not isinstance(page, dict) or not isinstance(page.get("results"), list):
            raise LeaseDataError("the leases list has no 'results'")
        for item in page["results"]:
            lease = LeaseTermsSerializer(data=item)
            if not lease.is_valid():
                lease_id = item.get("id") if isinstance(item, dict) else None
                raise LeaseDataError(f"lease {lease_id} cannot be billed: {dict(lease.errors)}")
            terms = lease.to_terms()
            leases[terms.id] = terms  # a lease seen on two pages (the list moved) is billed once
        if not page.get("next"):
            return list(leases.values())
        # Follow the link's query on our own base URL: its host is whatever property-service was called as.
        params = dict(parse_qsl(urlsplit(page["next"]).query))
    raise LeaseDataError(f"more than {MAX_PAGES} pages of leases")
