"""ServiceClient against a real HTTP server on a local port: what goes over the wire is what is tested."""

from __future__ import annotations

import json
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from opentelemetry import trace

from servicekit.circuit import CircuitBreaker, State
from servicekit.client import (
    CircuitOpen,
    ClientConfig,
    DownstreamHTTPError,
    DownstreamTimeout,
    DownstreamUnavailable,
    ServiceClient,
    client_for,
    reset_clients,
)
from servicekit.request_id import bind_request_id


@dataclass
class Hit:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Reply:
    status: int = 200
    body: dict | None = field(default_factory=lambda: {"ok": True})
    delay: float = 0.0
    content_type: str = "application/json"


class Downstream:
    """A real HTTP server in a thread that answers with ``reply`` and records every request."""

    def __init__(self) -> None:
        self.hits: list[Hit] = []
        self.reply = Reply()
        downstream = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                downstream.hits.append(
                    Hit(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                )
                reply = downstream.reply
                if reply.delay:
                    time.sleep(reply.delay)
                payload = b"" if reply.body is None else json.dumps(reply.body).encode()
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", reply.content_type)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout tests)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def downstream():
    server = Downstream()
    yield server
    server.close()


def make_client(url: str, **overrides) -> ServiceClient:
    config = {"token": "secret-token", "read_timeout": 2.0, "retries": 2, "backoff": 0.001, **overrides}
    return ServiceClient("property-service", ClientConfig(base_url=url, **config))


def unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_2xx_answer_is_returned(downstream):
    downstream.reply = Reply(200, {"results": [1, 2]})
    assert make_client(downstream.url).get_json("/api/v1/listings/", params={"city": "Austin"}) == {
        "results": [1, 2]
    }
    (hit,) = downstream.hits
    assert (hit.method, hit.path) == ("GET", "/api/v1/listings/?city=Austin")


def test_post_json_sends_the_body_and_reads_the_answer(downstream):
    downstream.reply = Reply(201, {"id": "x"})
    assert make_client(downstream.url).post_json("api/v1/applications/", {"email": "a@example.com"}) == {
        "id": "x"
    }
    (hit,) = downstream.hits
    assert json.loads(hit.body) == {"email": "a@example.com"}
    assert hit.headers["content-type"] == "application/json"


def test_post_json_with_an_empty_answer_is_none(downstream):
    downstream.reply = Reply(204, None)
    assert make_client(downstream.url).post_json("/x", {}) is None


def test_bearer_token_request_id_and_trace_context_travel_with_the_call(downstream):
    tracer = trace.get_tracer("servicekit.tests")
    bind_request_id("req-from-the-bff")
    try:
        with tracer.start_as_current_span("handling a request") as span:
            make_client(downstream.url).get_json("/api/v1/leases/")
            trace_id = f"{span.get_span_context().trace_id:032x}"
    finally:
        bind_request_id(None)
    (hit,) = downstream.hits
    assert hit.headers["authorization"] == "Bearer secret-token"
    assert hit.headers["x-request-id"] == "req-from-the-bff"
    version, sent_trace_id, parent_span_id, flags = hit.headers["traceparent"].split("-")
    assert (version, sent_trace_id) == ("00", trace_id)
    assert int(flags, 16) & 1, "sampled"
    assert len(parent_span_id) == 16
    assert hit.headers["accept"] == "application/json"


def test_no_token_configured_means_no_authorization_header(downstream):
    make_client(downstream.url, token="").get_json("/x")
    assert "authorization" not in downstream.hits[0].headers


def test_a_slow_answer_is_a_timeout_retried_for_get(downstream):
    downstream.reply = Reply(200, delay=0.5)
    client = make_client(downstream.url, read_timeout=0.1, retries=2)
    with pytest.raises(DownstreamTimeout, match="GET /slow timed out"):
        client.get_json("/slow")
    assert len(downstream.hits) == 3


def test_a_timed_out_post_is_not_sent_again(downstream):
    downstream.reply = Reply(201, delay=0.5)
    client = make_client(downstream.url, read_timeout=0.1, retries=2)
    with pytest.raises(DownstreamTimeout):
        client.post_json("/payments", {"amount": "10.00"})
    assert len(downstream.hits) == 1, "the first POST may have been processed: never send it twice"


def test_connection_refused_is_downstream_unavailable():
    client = make_client(f"http://127.0.0.1:{unused_port()}", retries=1)
    with pytest.raises(DownstreamUnavailable, match="failed: ConnectionError") as caught:
        client.get_json("/x")
    assert not isinstance(caught.value, DownstreamTimeout)
    assert caught.value.service == "property-service"


@pytest.mark.parametrize(
    ("method", "hits"), [("GET", 3), ("PUT", 3), ("DELETE", 3), ("POST", 1), ("PATCH", 1)]
)
def test_503_is_retried_only_for_idempotent_methods(downstream, method, hits):
    downstream.reply = Reply(503, {"detail": "busy"})
    with pytest.raises(DownstreamUnavailable, match="answered 503"):
        make_client(downstream.url, retries=2).request(method, "/x")
    assert len(downstream.hits) == hits


def test_a_post_the_caller_declares_idempotent_is_retried(downstream):
    downstream.reply = Reply(503)
    with pytest.raises(DownstreamUnavailable):
        make_client(downstream.url, retries=2).request(
            "POST", "/payments", json={}, headers={"Idempotency-Key": "k-1"}, idempotent=True
        )
    assert len(downstream.hits) == 3
    assert {hit.headers["idempotency-key"] for hit in downstream.hits} == {"k-1"}


def test_500_is_not_retried(downstream):
    # A bug answers 500 every time: only gateway-ish statuses (502/503/504) are worth a retry.
    downstream.reply = Reply(500)
    with pytest.raises(DownstreamUnavailable, match="answered 500"):
        make_client(downstream.url, retries=2).get_json("/x")
    assert len(downstream.hits) == 1


def test_the_breaker_opens_after_n_failures_and_stops_calling(downstream):
    downstream.reply = Reply(503)
    client = make_client(downstream.url, retries=0, failure_threshold=3, reset_timeout=60)
    for _ in range(3):
        with pytest.raises(DownstreamUnavailable):
            client.get_json("/x")
    assert len(downstream.hits) == 3
    assert client.breaker.state is State.OPEN
    for _ in range(5):
        with pytest.raises(CircuitOpen, match="circuit open, retry in 60s"):
            client.get_json("/x")
    assert len(downstream.hits) == 3, "an open circuit sends nothing"


def test_retries_stop_as_soon_as_the_breaker_opens(downstream):
    downstream.reply = Reply(503)
    client = make_client(downstream.url, retries=5, failure_threshold=2)
    with pytest.raises(CircuitOpen):
        client.get_json("/x")
    assert len(downstream.hits) == 2


def test_half_open_recovery(downstream):
    clock = [0.0]
    client = make_client(downstream.url, retries=0)
    client.breaker = CircuitBreaker(
        "property-service", failure_threshold=2, reset_timeout=5, clock=lambda: clock[0]
    )
    downstream.reply = Reply(503)
    for _ in range(2):
        with pytest.raises(DownstreamUnavailable):
            client.get_json("/x")
    with pytest.raises(CircuitOpen):
        client.get_json("/x")
    assert len(downstream.hits) == 2

    clock[0] = 5.0  # rested: one trial goes out, and it fails again
    with pytest.raises(DownstreamUnavailable):
        client.get_json("/x")
    assert len(downstream.hits) == 3
    assert client.breaker.state is State.OPEN

    clock[0] = 10.0  # the service is back: the trial succeeds and the circuit closes
    downstream.reply = Reply(200, {"ok": True})
    assert client.get_json("/x") == {"ok": True}
    assert client.breaker.state is State.CLOSED
    assert client.get_json("/x") == {"ok": True}
    assert len(downstream.hits) == 5


def test_4xx_is_a_downstream_http_error_carrying_the_problem(downstream):
    problem = {
        "type": "urn:property-platform:problem:validation-error",
        "title": "Invalid request",
        "status": 400,
        "detail": "One or more fields are invalid.",
        "errors": {"email": ["Enter a valid email address."]},
    }
    downstream.reply = Reply(400, problem, content_type="application/problem+json")
    client = make_client(downstream.url, failure_threshold=1)
    with pytest.raises(DownstreamHTTPError) as caught:
        client.post_json("/api/v1/applications/", {})
    assert caught.value.status == 400
    assert caught.value.problem == problem
    assert "400 One or more fields are invalid." in str(caught.value)
    assert len(downstream.hits) == 1
    assert client.breaker.state is State.CLOSED, "a 4xx is the caller's mistake, not the service failing"


def test_4xx_without_a_json_body_still_has_its_status(downstream):
    downstream.reply = Reply(404, None, content_type="text/html")
    with pytest.raises(DownstreamHTTPError) as caught:
        make_client(downstream.url).get_json("/missing")
    assert caught.value.status == 404
    assert caught.value.problem == {}


def test_redirects_are_not_followed(downstream):
    downstream.reply = Reply(302, None)
    response = make_client(downstream.url).request("GET", "/moved")
    assert response.status_code == 302
    assert len(downstream.hits) == 1


def test_config_from_env(monkeypatch):
    monkeypatch.setenv("PROPERTY_SERVICE_URL", "http://property:8000")
    monkeypatch.setenv("PROPERTY_SERVICE_TOKEN", "tok")
    monkeypatch.setenv("PROPERTY_SERVICE_READ_TIMEOUT", "2.5")
    monkeypatch.setenv("PROPERTY_SERVICE_CONNECT_TIMEOUT", "0.5")
    monkeypatch.setenv("PROPERTY_SERVICE_RETRIES", "1")
    monkeypatch.setenv("PROPERTY_SERVICE_BREAKER_THRESHOLD", "7")
    monkeypatch.setenv("PROPERTY_SERVICE_BREAKER_RESET", "3")
    config = ClientConfig.from_env("property-service")
    assert config == ClientConfig(
        base_url="http://property:8000",
        token="tok",
        connect_timeout=0.5,
        read_timeout=2.5,
        retries=1,
        failure_threshold=7,
        reset_timeout=3.0,
    )


def test_client_for_shares_one_client_and_breaker_per_downstream(monkeypatch):
    monkeypatch.setenv("PROPERTY_SERVICE_URL", "http://property:8000")
    reset_clients()
    try:
        first = client_for("property-service")
        assert client_for("property-service") is first
        reset_clients()
        assert client_for("property-service") is not first
    finally:
        reset_clients()


def test_each_thread_gets_its_own_pooled_session(downstream):
    client = make_client(downstream.url)
    sessions = []

    def use():
        client.get_json("/x")
        sessions.append(client.session)

    threads = [threading.Thread(target=use) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(s) for s in sessions}) == 3
    assert client.session is client.session
