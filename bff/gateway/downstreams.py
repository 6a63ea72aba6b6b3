"""The three services behind the BFF: one place that names them and calls them.

Each has a process-wide servicekit client (timeouts, retries of idempotent calls, circuit breaker)
configured from the environment: ``PROPERTY_SERVICE_URL`` (the service's root, e.g.
``http://property-service:8000``), ``PROPERTY_SERVICE_TOKEN``, ``PROPERTY_SERVICE_READ_TIMEOUT``, ...
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

import requests

from servicekit.client import DownstreamTimeout, DownstreamUnavailable, client_for

PROPERTY = "property-service"
FINANCIAL = "financial-service"
MAINTENANCE = "maintenance-service"

# What the portals are told is missing (the dashboard's `degraded`, 503 details).
SHORT_NAMES = {PROPERTY: "property", FINANCIAL: "financial", MAINTENANCE: "maintenance"}

_API = "api/v1/"

# When set (time.monotonic()), calls give up by then: a fan-out's budget bounds its threads too.
_deadline: ContextVar[float | None] = ContextVar("downstream_deadline", default=None)


@contextlib.contextmanager
def deadline_in(seconds: float) -> Iterator[None]:
    token = _deadline.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


def call(service: str, method: str, path: str, **kwargs: Any) -> requests.Response:
    """One request to ``/api/v1/<path>`` of a service; errors surface as servicekit's typed errors."""
    client = client_for(service)
    deadline = _deadline.get()
    if deadline is not None:
        left = deadline - time.monotonic()
        if left <= 0:
            raise DownstreamTimeout(service, f"{method} {path}: no time left")
        kwargs["read_timeout"] = min(kwargs.get("read_timeout") or client.config.read_timeout, left)
    return client.request(method, _API + path, **kwargs)


def read_json(service: str, response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError as exc:
        # A 2xx that is not JSON is a broken service, not a broken request.
        raise DownstreamUnavailable(
            service, f"answered {response.status_code} with a body that is not JSON"
        ) from exc


def get_json(service: str, path: str, *, params: dict[str, Any] | None = None, **kwargs: Any) -> Any:
    return read_json(service, call(service, "GET", path, params=params, **kwargs))


def post_json(service: str, path: str, body: Any, **kwargs: Any) -> tuple[int, Any, requests.Response]:
    response = call(service, "POST", path, json=body, **kwargs)
    return response.status_code, read_json(service, response), response
