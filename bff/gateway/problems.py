"""The BFF's exception handler: a downstream's failure becomes the portal's problem+json.

- the service said 404 → 404 (another tenant's object looks exactly like a missing one);
- 400 / 409 / 413 / 415 / 422 / 429 → the same status, detail, per-field ``errors`` and Retry-After;
- 401 / 403 (the BFF's own credentials were refused) or any other 4xx → 503, logged as an error;
- unreachable, 5xx, timed out or circuit open → 503 "Service unavailable" naming the service.
"""

from __future__ import annotations

import logging
import math

from rest_framework import exceptions

from gateway.downstreams import SHORT_NAMES
from servicekit import problem
from servicekit.client import CircuitOpen, DownstreamError, DownstreamHTTPError, client_for

logger = logging.getLogger(__name__)

PASSED_THROUGH = {400, 409, 413, 415, 422, 429}


class DownstreamRefused(problem.Problem):
    """A downstream's 4xx answer, relayed with its status, detail and errors."""

    def __init__(self, status: int, problem_: dict, detail: str, errors: dict[str, list[str]] | None) -> None:
        super().__init__(detail, errors=errors)
        self.status_code = status
        # The service's own problem type (e.g. …:idempotency-key-in-flight) tells a client what to do;
        # None: servicekit's problem body takes the standard title and type for the status.
        kind = str(problem_.get("type", ""))
        self.slug = kind.removeprefix(problem.TYPE_BASE) if kind.startswith(problem.TYPE_BASE) else None
        self.title = str(problem_["title"]) if self.slug and problem_.get("title") else None


def unavailable(exc: DownstreamError) -> problem.ServiceUnavailable:
    name = SHORT_NAMES.get(exc.service, exc.service)
    error = problem.ServiceUnavailable(
        f"The {name} service is not answering right now, so this cannot be done. Try again shortly."
    )
    if isinstance(exc, CircuitOpen):
        # Retry-After: when the breaker lets a trial call through again.
        error.wait = max(1, math.ceil(client_for(exc.service).breaker.retry_after()))
    return error


def as_problem(exc: DownstreamError) -> exceptions.APIException:
    if not isinstance(exc, DownstreamHTTPError):
        return unavailable(exc)
    if exc.status == 404:
        return exceptions.NotFound()
    if exc.status in PASSED_THROUGH:
        errors = exc.problem.get("errors")
        detail = exc.problem.get("detail") or "The request was refused."
        relayed = DownstreamRefused(
            exc.status, exc.problem, str(detail), errors if isinstance(errors, dict) else None
        )
        if exc.retry_after and exc.retry_after.isdigit():
            relayed.wait = int(
                exc.retry_after
            )  # e.g. a payment whose key is still in flight: 409, retry in 1 s
        elif exc.status == 429:
            relayed.wait = 60
        return relayed
    logger.error(
        "downstream refused the BFF's request",
        extra={"downstream": exc.service, "status": exc.status, "detail": exc.problem.get("detail")},
    )
    return unavailable(exc)


def exception_handler(exc: Exception, context: dict):
    if isinstance(exc, DownstreamError):
        exc = as_problem(exc)
    return problem.exception_handler(exc, context)
