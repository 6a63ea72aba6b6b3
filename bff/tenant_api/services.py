"""Writes for the signed-in tenant. Each checks first that the object is the tenant's (a read through
the selectors, which 404 otherwise), so nothing of another tenant is ever written to."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from gateway import downstreams
from gateway.downstreams import FINANCIAL, MAINTENANCE
from gateway.scoping import ensure_owned

from servicekit.problem import Conflict
from tenant_api import selectors
from tenant_api.photos import image_type


def idempotency_key_for(*, tenant_id: uuid.UUID, key: str) -> str:
    # Namespaced by tenant: one tenant's key can never replay (or collide with) another's payment.
    return f"{tenant_id}:{key}"


def invoice_pay(
    *, tenant_id: uuid.UUID, invoice_id: uuid.UUID, amount: Decimal, method: str, idempotency_key: str
) -> tuple[int, dict[str, Any], bool]:
    """Pay (part of) an invoice once per idempotency key: (status, payment, replayed).

    financial-service stores the first answer under the key; a double submit or a retry gets it again.
    That also makes the POST safe to retry on a network error, so the client retries it.
    """
    selectors.invoice_get(tenant_id=tenant_id, invoice_id=invoice_id)
    response = downstreams.call(
        FINANCIAL,
        "POST",
        f"invoices/{invoice_id}/payments",
        json={"tenant_id": str(tenant_id), "amount": str(amount), "method": method},
        headers={"Idempotency-Key": idempotency_key_for(tenant_id=tenant_id, key=idempotency_key)},
        idempotent=True,
    )
    replayed = response.headers.get("Idempotent-Replayed", "").lower() == "true"
    return response.status_code, downstreams.read_json(FINANCIAL, response), replayed


def work_order_create(
    *,
    tenant_id: uuid.UUID,
    author_name: str,
    category: str,
    priority: str,
    title: str,
    description: str,
    photos: list[UploadedFile],
) -> dict[str, Any]:
    """A maintenance request for the home of the tenant's active lease."""
    lease = selectors.active_lease(tenant_id=tenant_id)
    if lease is None:
        raise Conflict("You have no active lease, so there is no home to open a maintenance request for.")
    fields = {
        "tenant_id": str(tenant_id),
        "property_id": str(lease["property"]["id"]),
        "unit_id": str(lease["unit"]["id"]),
        "category": category,
        "priority": priority,
        "title": title,
        "description": description,
        "author_name": author_name,
    }
    if photos:
        files = [("photos", (photo.name, photo, image_type(photo))) for photo in photos]
        response = downstreams.call(MAINTENANCE, "POST", "work-orders/", data=fields, files=files)
    else:
        response = downstreams.call(MAINTENANCE, "POST", "work-orders/", json=fields)
    return selectors.with_photo_urls(ensure_owned(downstreams.read_json(MAINTENANCE, response), tenant_id))


def comment_create(
    *, tenant_id: uuid.UUID, work_order_id: uuid.UUID, body: str, author_name: str
) -> dict[str, Any]:
    selectors.work_order_get(tenant_id=tenant_id, work_order_id=work_order_id)
    _, comment, _ = downstreams.post_json(
        MAINTENANCE,
        f"work-orders/{work_order_id}/comments",
        {"tenant_id": str(tenant_id), "body": body, "author_name": author_name},
    )
    return comment


def work_order_cancel(
    *, tenant_id: uuid.UUID, work_order_id: uuid.UUID, reason: str, author_name: str
) -> dict[str, Any]:
    selectors.work_order_get(tenant_id=tenant_id, work_order_id=work_order_id)
    _, work_order, _ = downstreams.post_json(
        MAINTENANCE,
        f"work-orders/{work_order_id}/cancel",
        {"tenant_id": str(tenant_id), "reason": reason, "author_name": author_name},
    )
    return selectors.with_photo_urls(ensure_owned(work_order, tenant_id))
