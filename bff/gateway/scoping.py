"""Ownership checks on what the services send back, against the signed-in tenant.

Every call already passes the tenant's id; these checks make the BFF's promise (another tenant's
object is a 404 and never appears in a list) hold even if a service ignored it.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from rest_framework.exceptions import NotFound

logger = logging.getLogger(__name__)


def is_owned(obj: dict[str, Any], tenant_id: uuid.UUID) -> bool:
    return str(obj.get("tenant_id")) == str(tenant_id)


def ensure_owned(obj: dict[str, Any], tenant_id: uuid.UUID) -> dict[str, Any]:
    """The object if it is the tenant's; otherwise 404, exactly as if it did not exist."""
    if not is_owned(obj, tenant_id):
        logger.error("a service returned another tenant's object", extra={"object_id": str(obj.get("id"))})
        raise NotFound()
    return obj


def only_owned(items: list[dict[str, Any]], tenant_id: uuid.UUID) -> list[dict[str, Any]]:
    kept = [item for item in items if is_owned(item, tenant_id)]
    if len(kept) != len(items):
        logger.error("a service listed other tenants' objects", extra={"dropped": len(items) - len(kept)})
    return kept
