"""Matchers the consumers share, so that every pact says "an id", "money", "a date" the same way.

A consumer pins what it relies on (field names, types, formats, statuses) and leaves the values to
the provider: ids are any UUID, money any decimal string with two places, dates any YYYY-MM-DD.
"""

from __future__ import annotations

from typing import Any

from pact import match
from pact.generate.generator import GenericGenerator
from pact.match.matcher import GenericMatcher

MONEY = r"^-?[0-9]+\.[0-9]{2}$"
MOMENT = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"
BEARER = r"^Bearer \S+$"
PROBLEM_JSON = "application/problem+json"


def uuid(example: str):
    return match.uuid(example)


def money(example: str):
    """A decimal string with two places ("1850.00"): money never travels as a float."""
    return match.regex(example, regex=MONEY)


def day(example: str):
    return match.date(example)


def moment(example: str):
    """An ISO 8601 timestamp with a zone (DRF writes "2026-11-28T10:00:00.123456Z")."""
    return match.regex(example, regex=MOMENT)


def text(example: str):
    return match.str(example)


def integer(example: int):
    return match.int(example)


def bearer(token: str):
    """The caller's service token: the verifier sends the provider's real one in its place."""
    return match.regex(f"Bearer {token}", regex=BEARER)


def page(item: Any, *, count: int = 1) -> dict[str, Any]:
    """A page of a list endpoint with at least one item shaped like ``item``."""
    return {
        "count": match.int(count),
        "next": None,
        "previous": None,
        "results": match.each_like(item, min=1),
    }


def problem(status: int, *, errors: dict[str, str] | None = None, detail: str = "Details.") -> dict[str, Any]:
    """An RFC 9457 problem body; ``errors`` names the fields the consumer shows messages for."""
    body: dict[str, Any] = {
        "type": match.str("urn:property-platform:problem:example"),
        "title": match.str("Problem title"),
        "status": status,
        "detail": match.str(detail),
    }
    if errors:
        body["errors"] = {field: match.each_like(message, min=1) for field, message in errors.items()}
    return body


def future_day(example: str, *, days: int = 30):
    """A date ``days`` from the day the pact is replayed (e.g. a move-in date, which must not be past).

    The example is what the consumer test sends; the verifier generates a fresh date instead, so the
    pact does not expire.
    """
    generator = GenericGenerator("Date", {"format": "yyyy-MM-dd", "expression": f"today + {days} days"})
    return GenericMatcher("date", value=example, format="yyyy-MM-dd", generator=generator)
