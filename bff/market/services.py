from __future__ import annotations

import logging
import secrets
import uuid
from datetime import date
from typing import Any

from gateway import downstreams
from gateway.downstreams import PROPERTY

logger = logging.getLogger(__name__)


def application_submit(
    *,
    listing_id: uuid.UUID,
    full_name: str,
    email: str,
    phone: str,
    move_in_date: date,
    occupants: int,
    message: str,
    website: str,
) -> dict[str, Any]:
    """Send a rental application to property-service; its rules (listing published, move-in date,
    one open application per email and listing) answer with 400 or 409, relayed as they are.

    A filled ``website`` (the honeypot no person sees) marks a bot: it gets a receipt that looks
    real, and nothing is stored, so it learns nothing.
    """
    if website.strip():
        logger.info("application dropped: honeypot filled", extra={"listing_id": str(listing_id)})
        return {
            "id": uuid.uuid4(),
            "number": f"APP-{secrets.randbelow(900_000) + 100_000:06d}",
            "status": "submitted",
            "listing_id": listing_id,
        }
    _, application, _ = downstreams.post_json(
        PROPERTY,
        "applications/",
        {
            "listing_id": str(listing_id),
            "full_name": full_name,
            "email": email,
            "phone": phone,
            "move_in_date": move_in_date.isoformat(),
            "occupants": occupants,
            "message": message,
        },
    )
    return application
