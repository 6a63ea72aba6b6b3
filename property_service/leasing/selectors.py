"""Reads of tenants, leases and applications."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from leasing.models import Lease, RentalApplication, Tenant


def tenant_list() -> QuerySet[Tenant]:
    return Tenant.objects.order_by("last_name", "first_name", "id")


def lease_list(
    *, tenant_id=None, status: str | None = None, active_on: date | None = None
) -> QuerySet[Lease]:
    """Leases, newest first; ``active_on`` keeps those running on that date (start ≤ day ≤ end)."""
    qs = Lease.objects.select_related("unit__property")
    if tenant_id is not None:
        qs = qs.filter(tenant_id=tenant_id)
    if status:
        qs = qs.filter(status=status)
    if active_on is not None:
        qs = qs.filter(Q(start_date__lte=active_on) & Q(end_date__gte=active_on))
    return qs.order_by("-start_date", "id")


def application_list() -> QuerySet[RentalApplication]:
    return RentalApplication.objects.select_related("listing").order_by("-created_at", "seq")
