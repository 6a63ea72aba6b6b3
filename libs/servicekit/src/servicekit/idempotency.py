"""``Idempotency-Key`` requests: read the key, fingerprint the request, claim it, replay the first answer.

The store (key, fingerprint, first status and body) belongs to the service that owns the side effect,
so that the answer is saved in the same database transaction as the effect it describes.

A second request with a key whose first request is still being processed is answered 409 Conflict
with ``Retry-After`` (as Stripe and the IETF Idempotency-Key draft do): retrying then replays the first
answer. It neither waits (a burst of retries would hold every worker and time out as 503s) nor runs twice.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from django.db import connection
from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError

from servicekit.problem import Conflict

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 255
# Visible ASCII: keys end up in logs and in a database index (UUIDs are what clients usually send).
KEY_PATTERN = r"^[\x21-\x7e]+$"
_KEY = re.compile(KEY_PATTERN)


class KeyInFlight(Conflict):
    slug = "idempotency-key-in-flight"
    title = "Request in progress"
    default_detail = (
        "A request with this Idempotency-Key is still being processed. Retry in a moment to get its answer."
    )
    wait = 1  # Retry-After, in seconds


def header_parameter(*, max_length: int = MAX_KEY_LENGTH, description: str) -> OpenApiParameter:
    """The header as the OpenAPI schema declares it: the same rule ``idempotency_key`` applies."""
    return OpenApiParameter(
        HEADER,
        {"type": "string", "minLength": 1, "maxLength": max_length, "pattern": KEY_PATTERN},
        OpenApiParameter.HEADER,
        required=True,
        description=description,
    )


def idempotency_key(request, *, max_length: int = MAX_KEY_LENGTH) -> str:
    """The request's key; a missing or malformed one is a 400 naming the header."""
    key = request.headers.get(HEADER, "")
    if not key:
        raise ValidationError({HEADER: ["This header is required: one unique value per payment attempt."]})
    if len(key) > max_length:
        raise ValidationError({HEADER: [f"Use at most {max_length} characters."]})
    if not _KEY.match(key):
        raise ValidationError({HEADER: ["Use visible ASCII characters only (a UUID is a good key)."]})
    return key


def claim(*, caller: str, key: str) -> None:
    """Hold (caller, key) until the current transaction ends, or raise ``KeyInFlight`` at once.

    A PostgreSQL transaction-level advisory lock: released by commit, rollback or a dropped connection,
    so a crashed request never leaves its key stuck. Call it inside ``transaction.atomic()`` before
    looking for the stored answer: whoever holds the claim has either stored it or not started.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(hashtextextended(%s, 0))", [f"{caller}\n{key}"])
        (claimed,) = cursor.fetchone()
    if not claimed:
        raise KeyInFlight()


def request_fingerprint(method: str, path: str, body: Any) -> str:
    """sha256 of method, path and the body as canonical JSON (sorted keys, no whitespace).

    Two requests with the same fingerprint ask for the same thing, whatever their key order.
    """
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(f"{method.upper()} {path}\n{canonical}".encode()).hexdigest()


def replay_response(status: int, body: str, content_type: str = "application/json") -> HttpResponse:
    """The stored first answer, byte for byte, marked as a replay."""
    response = HttpResponse(body, status=status, content_type=content_type)
    response[REPLAYED_HEADER] = "true"
    return response
