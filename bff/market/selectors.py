"""Public reads of the market: published listings from property-service."""

from __future__ import annotations

import uuid
from typing import Any

from gateway import downstreams
from gateway.downstreams import PROPERTY


def listing_search(**filters: Any) -> dict[str, Any]:
    params = {name: str(value) for name, value in filters.items() if value not in (None, "")}
    return downstreams.get_json(PROPERTY, "listings/", params=params)


def listing_cities() -> dict[str, Any]:
    return downstreams.get_json(PROPERTY, "listings/cities/")


def listing_get(*, listing_id: uuid.UUID) -> dict[str, Any]:
    return downstreams.get_json(PROPERTY, f"listings/{listing_id}/")
