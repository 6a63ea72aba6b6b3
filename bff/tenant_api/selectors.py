"""Reads for the signed-in tenant, from the services. Every function takes the tenant's id from the
session (never from the request) and checks what comes back (gateway.scoping)."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from django.conf import settings
from django.urls import reverse
from gateway import downstreams
from gateway.downstreams import FINANCIAL, MAINTENANCE, PROPERTY, SHORT_NAMES
from gateway.fanout import DeadlineExceeded, gather
from gateway.scoping import ensure_owned, only_owned
from rest_framework.exceptions import NotFound

from servicekit import metrics
from servicekit.client import DownstreamError, DownstreamHTTPError

logger = logging.getLogger(__name__)

dashboard_degraded = metrics.counter(
    "bff.dashboard.degraded", description="Dashboard answers missing a service's section, by service"
)

# Enough for every open invoice or work order a tenant has in practice; one page, one call.
_ALL = 100


# ── property-service ──────────────────────────────────────────────────────────────────────────────
def active_lease(*, tenant_id: uuid.UUID) -> dict[str, Any] | None:
    page = downstreams.get_json(PROPERTY, "leases/", params={"tenant_id": str(tenant_id), "status": "active"})
    leases = only_owned(page["results"], tenant_id)
    return leases[0] if leases else None


# ── financial-service ─────────────────────────────────────────────────────────────────────────────
def balance(*, tenant_id: uuid.UUID) -> dict[str, Any]:
    return ensure_owned(downstreams.get_json(FINANCIAL, f"tenants/{tenant_id}/balance"), tenant_id)


def invoice_list(
    *, tenant_id: uuid.UUID, page: int, page_size: int, status: str | None = None
) -> dict[str, Any]:
    params = {"tenant_id": str(tenant_id), "page": page, "page_size": page_size}
    if status:
        params["status"] = status
    data = downstreams.get_json(FINANCIAL, "invoices/", params=params)
    return {**data, "results": only_owned(data["results"], tenant_id)}


def next_invoice(*, tenant_id: uuid.UUID) -> dict[str, Any] | None:
    """The open invoice due soonest (overdue ones show in the balance)."""
    invoices = invoice_list(tenant_id=tenant_id, page=1, page_size=_ALL, status="open")["results"]
    return min(invoices, key=lambda invoice: invoice["due_date"], default=None)


def invoice_get(*, tenant_id: uuid.UUID, invoice_id: uuid.UUID) -> dict[str, Any]:
    invoice = downstreams.get_json(FINANCIAL, f"invoices/{invoice_id}/", params={"tenant_id": str(tenant_id)})
    return ensure_owned(invoice, tenant_id)


# ── maintenance-service ───────────────────────────────────────────────────────────────────────────
def work_order_list(
    *, tenant_id: uuid.UUID, page: int, page_size: int, statuses: list[str] | None = None
) -> dict[str, Any]:
    params: dict[str, Any] = {"tenant_id": str(tenant_id), "page": page, "page_size": page_size}
    if statuses:
        params["status"] = statuses  # requests repeats the parameter
    data = downstreams.get_json(MAINTENANCE, "work-orders/", params=params)
    return {**data, "results": only_owned(data["results"], tenant_id)}


def open_work_orders(*, tenant_id: uuid.UUID) -> list[dict[str, Any]]:
    return work_order_list(tenant_id=tenant_id, page=1, page_size=_ALL, statuses=["open"])["results"]


def work_order_get(*, tenant_id: uuid.UUID, work_order_id: uuid.UUID) -> dict[str, Any]:
    work_order = downstreams.get_json(
        MAINTENANCE, f"work-orders/{work_order_id}/", params={"tenant_id": str(tenant_id)}
    )
    return with_photo_urls(ensure_owned(work_order, tenant_id))


def with_photo_urls(work_order: dict[str, Any]) -> dict[str, Any]:
    """Photos are fetched through the BFF (which checks the tenant again): give each its URL here."""
    photos = [
        {**photo, "url": reverse("tenant-work-order-photo", args=[work_order["id"], photo["id"]])}
        for photo in work_order.get("photos", [])
    ]
    return {**work_order, "photos": photos}


def work_order_photo(
    *, tenant_id: uuid.UUID, work_order_id: uuid.UUID, photo_id: uuid.UUID
) -> tuple[bytes, str]:
    """The photo's bytes and content type, if the photo belongs to one of the tenant's work orders."""
    work_order = work_order_get(tenant_id=tenant_id, work_order_id=work_order_id)
    if str(photo_id) not in {str(photo["id"]) for photo in work_order["photos"]}:
        raise NotFound()
    response = downstreams.call(
        MAINTENANCE,
        "GET",
        f"work-orders/{work_order_id}/photos/{photo_id}",
        params={"tenant_id": str(tenant_id)},
        headers={"Accept": "image/*, application/problem+json"},
    )
    return response.content, response.headers.get("Content-Type", "application/octet-stream")


# ── the dashboard ─────────────────────────────────────────────────────────────────────────────────
# Section → (the service it comes from, how to read it). All run at once.
_SECTIONS = {
    "lease": (PROPERTY, active_lease),
    "balance": (FINANCIAL, balance),
    "next_invoice": (FINANCIAL, next_invoice),
    "open_work_orders": (MAINTENANCE, open_work_orders),
}


def dashboard(*, account) -> dict[str, Any]:
    """Everything the tenant's home page shows, fetched concurrently within DASHBOARD_BUDGET_SECONDS.

    A section whose service failed or was too slow is null, and the service is named in `degraded`.
    """
    tenant_id = account.tenant_id
    gathered = gather(
        {
            name: (service, lambda read=read: read(tenant_id=tenant_id))
            for name, (service, read) in _SECTIONS.items()
        },
        budget=settings.DASHBOARD_BUDGET_SECONDS,
    )
    result: dict[str, Any] = {
        "tenant": {
            "id": tenant_id,
            "first_name": account.user.first_name,
            "last_name": account.user.last_name,
            "email": account.user.email,
        },
        "degraded": [],
    }
    for name, (service, _) in _SECTIONS.items():
        failure = gathered.failures.get(name)
        if failure is None:
            result[name] = gathered.results[name]
            continue
        result[name] = None
        if isinstance(failure, DownstreamHTTPError) and failure.status == 404:
            continue  # nothing there: an empty section, not a missing one
        if isinstance(failure, DownstreamError | DeadlineExceeded):
            logger.warning("dashboard section missing", extra={"section": name, "error": str(failure)})
        else:  # a bug here, not a service down: keep the traceback
            logger.error("dashboard section failed", extra={"section": name}, exc_info=failure)
        short = SHORT_NAMES[service]
        if short not in result["degraded"]:
            result["degraded"].append(short)
            dashboard_degraded.add(1, {"service": short})
    return result
