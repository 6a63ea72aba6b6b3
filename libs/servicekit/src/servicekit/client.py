"""The outbound HTTP client every service and the BFF use to call each other.

Pooled connections, explicit connect and read timeouts, bounded retries with backoff for idempotent
calls only, a circuit breaker per downstream, trace context and request id propagated, bearer token.
Failures surface as typed errors so callers can decide: degrade, retry later or answer 503.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from dataclasses import dataclass
from typing import Any

import requests
from opentelemetry import propagate
from requests.adapters import HTTPAdapter

from servicekit.circuit import CircuitBreaker
from servicekit.env import env_float, env_int, env_str
from servicekit.request_id import HEADER as REQUEST_ID_HEADER
from servicekit.request_id import current_request_id

logger = logging.getLogger(__name__)

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
RETRYABLE_STATUSES = frozenset({502, 503, 504})


class DownstreamError(Exception):
    """A call to another service did not give a usable answer."""

    def __init__(self, service: str, message: str) -> None:
        super().__init__(f"{service}: {message}")
        self.service = service


class DownstreamUnavailable(DownstreamError):
    """The service could not be reached, answered 5xx, or its circuit is open."""


class DownstreamTimeout(DownstreamUnavailable):
    """The service did not answer within the timeout."""


class CircuitOpen(DownstreamUnavailable):
    """Calls are not attempted: the service failed repeatedly and is resting."""


class DownstreamHTTPError(DownstreamError):
    """The service answered with a 4xx: the request was wrong, not the service."""

    def __init__(
        self, service: str, status: int, problem: dict[str, Any] | None, retry_after: str | None = None
    ) -> None:
        detail = (problem or {}).get("detail") or f"HTTP {status}"
        super().__init__(service, f"{status} {detail}")
        self.status = status
        self.problem = problem or {}
        self.retry_after = retry_after  # the service's Retry-After header (a 409 in flight, a 429)


@dataclass(frozen=True)
class ClientConfig:
    base_url: str
    token: str = ""
    connect_timeout: float = 1.0
    read_timeout: float = 5.0
    retries: int = 2
    backoff: float = 0.05
    failure_threshold: int = 5
    reset_timeout: float = 15.0
    pool_size: int = 20

    @classmethod
    def from_env(cls, service: str) -> ClientConfig:
        """``property-service`` reads PROPERTY_SERVICE_URL, PROPERTY_SERVICE_TOKEN, ..._READ_TIMEOUT, ..."""
        prefix = service.upper().replace("-", "_")
        return cls(
            base_url=env_str(f"{prefix}_URL"),
            token=env_str(f"{prefix}_TOKEN", ""),
            connect_timeout=env_float(f"{prefix}_CONNECT_TIMEOUT", cls.connect_timeout),
            read_timeout=env_float(f"{prefix}_READ_TIMEOUT", cls.read_timeout),
            retries=env_int(f"{prefix}_RETRIES", cls.retries),
            failure_threshold=env_int(f"{prefix}_BREAKER_THRESHOLD", cls.failure_threshold),
            reset_timeout=env_float(f"{prefix}_BREAKER_RESET", cls.reset_timeout),
        )


class ServiceClient:
    def __init__(self, service: str, config: ClientConfig) -> None:
        self.service = service
        self.config = config
        self.breaker = CircuitBreaker(
            service, failure_threshold=config.failure_threshold, reset_timeout=config.reset_timeout
        )
        self._local = threading.local()

    @property
    def session(self) -> requests.Session:
        # One pooled session per thread: requests.Session is not documented as thread-safe.
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            adapter = HTTPAdapter(pool_connections=1, pool_maxsize=self.config.pool_size, max_retries=0)
            session.mount("http://", adapter)
            session.mount("https://", adapter)
            self._local.session = session
        return session

    def _headers(self, extra: dict[str, str] | None) -> dict[str, str]:
        headers = {"Accept": "application/json"}
        if self.config.token:
            headers["Authorization"] = f"Bearer {self.config.token}"
        request_id = current_request_id()
        if request_id:
            headers[REQUEST_ID_HEADER] = request_id
        propagate.inject(headers)  # traceparent / tracestate of the current span
        headers.update(extra or {})
        return headers

    def request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
        data: Any = None,
        files: Any = None,
        headers: dict[str, str] | None = None,
        idempotent: bool | None = None,
        read_timeout: float | None = None,
    ) -> requests.Response:
        """Send one request (retrying only idempotent ones) and return a 2xx/3xx response.

        Raises DownstreamHTTPError for 4xx, DownstreamUnavailable / DownstreamTimeout / CircuitOpen
        when the service cannot give an answer.
        """
        method = method.upper()
        retryable = idempotent if idempotent is not None else method in IDEMPOTENT_METHODS
        attempts = 1 + (self.config.retries if retryable else 0)
        url = self.config.base_url.rstrip("/") + "/" + path.lstrip("/")
        timeout = (self.config.connect_timeout, read_timeout or self.config.read_timeout)
        last_error: DownstreamUnavailable | None = None

        for attempt in range(attempts):
            if not self.breaker.allow():
                raise CircuitOpen(
                    self.service, f"circuit open, retry in {self.breaker.retry_after():.0f}s"
                ) from last_error
            if attempt:
                time.sleep(self.config.backoff * (2 ** (attempt - 1)) * (1 + random.random()))
            try:
                response = self.session.request(
                    method,
                    url,
                    params=params,
                    json=json,
                    data=data,
                    files=files,
                    headers=self._headers(headers),
                    timeout=timeout,
                    allow_redirects=False,
                )
            except requests.Timeout as exc:
                self.breaker.record_failure()
                last_error = DownstreamTimeout(self.service, f"{method} {path} timed out")
                last_error.__cause__ = exc
                # A POST that timed out may have been processed: only idempotent calls go again.
                continue
            except requests.RequestException as exc:
                self.breaker.record_failure()
                last_error = DownstreamUnavailable(
                    self.service, f"{method} {path} failed: {exc.__class__.__name__}"
                )
                last_error.__cause__ = exc
                continue

            if response.status_code >= 500:
                self.breaker.record_failure()
                last_error = DownstreamUnavailable(
                    self.service, f"{method} {path} answered {response.status_code}"
                )
                if response.status_code in RETRYABLE_STATUSES:
                    continue
                break
            self.breaker.record_success()
            if response.status_code >= 400:
                raise DownstreamHTTPError(
                    self.service,
                    response.status_code,
                    _problem(response),
                    response.headers.get("Retry-After"),
                )
            return response

        assert last_error is not None
        logger.warning(
            "downstream call failed",
            extra={"downstream": self.service, "method": method, "path": path, "error": str(last_error)},
        )
        raise last_error

    def get_json(self, path: str, **kwargs: Any) -> Any:
        return self.request("GET", path, **kwargs).json()

    def post_json(self, path: str, body: Any, **kwargs: Any) -> Any:
        response = self.request("POST", path, json=body, **kwargs)
        return response.json() if response.content else None


def _problem(response: requests.Response) -> dict[str, Any] | None:
    try:
        body = response.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


_clients: dict[str, ServiceClient] = {}
_clients_lock = threading.Lock()


def client_for(service: str) -> ServiceClient:
    """The process-wide client of a downstream, configured from the environment (breaker state shared)."""
    with _clients_lock:
        client = _clients.get(service)
        if client is None:
            client = _clients[service] = ServiceClient(service, ClientConfig.from_env(service))
        return client


def reset_clients() -> None:
    """Forget every cached client (tests that change the environment)."""
    with _clients_lock:
        _clients.clear()
