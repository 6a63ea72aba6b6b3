"""``Idempotency-Key`` requests: read the key, fingerprint the request, replay the first answer.

The store (key, fingerprint, first status and body) belongs to the service that owns the side effect,
so that the answer is saved in the same database transaction as the effect it describes.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from django.http import HttpResponse
from rest_framework.exceptions import ValidationError

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 255
# Visible ASCII: keys end up in logs and in a database index (UUIDs are what clients usually send).
KEY_PATTERN = r"^[\x21-\x7e]{1,255}$"
_KEY = re.compile(KEY_PATTERN)


def idempotency_key(request) -> str:
    """The request's key; a missing or malformed one is a 400 naming the header."""
    key = request.headers.get(HEADER, "")
    if not key:
        raise ValidationError({HEADER: ["This header is required: one unique value per payment attempt."]})
    if len(key) > MAX_KEY_LENGTH:
        raise ValidationError({HEADER: [f"Use at most {MAX_KEY_LENGTH} characters."]})
    if not _KEY.match(key):
        raise ValidationError({HEADER: ["Use visible ASCII characters only (a UUID is a good key)."]})
    return key


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
