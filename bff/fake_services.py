"""Tests only: real HTTP servers standing in for property-, financial- and maintenance-service.

Each listens on 127.0.0.1 in a thread and answers the calls of docs/api.md from a small in-memory
world, so the BFF's own behaviour (scoping, fan-out, error mapping, idempotency pass-through) is
tested over real sockets. Knobs per service: ``delay`` (seconds before answering), ``mode`` ("up",
"error" = 503, "hang" = never answers until the test ends), ``naive`` (ignores tenant_id, like a
service with a scoping bug), and ``hits`` (requests received). The real services are exercised by
this project's integration tests and by the contract and e2e suites.
"""

from __future__ import annotations

import json
import re
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from email import policy
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from servicekit import demo

TOKEN = "fake-downstream-token"  # noqa: S105 — test servers only
TENANT_A = demo.TENANTS[0]  # Alice
TENANT_B = demo.TENANTS[1]  # Ben
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _id(prefix: str, n: int) -> str:
    return f"{prefix}0000000-0000-4000-8000-{n:012d}"


class Reply(Exception):
    def __init__(
        self,
        status: int,
        body: Any = None,
        *,
        headers: dict[str, str] | None = None,
        raw: bytes | None = None,
    ):
        self.status, self.body, self.headers, self.raw = status, body, headers or {}, raw


def problem(status: int, detail: str, errors: dict[str, list[str]] | None = None) -> Reply:
    body = {"type": "urn:fake:problem", "title": "Problem", "status": status, "detail": detail}
    if errors:
        body["errors"] = errors
    return Reply(status, body)


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def param(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[-1] if values else None

    def json(self) -> dict[str, Any]:
        try:
            return json.loads(self.body or b"{}")
        except ValueError as exc:
            raise problem(400, "Body is not JSON.") from exc

    def form(self) -> tuple[dict[str, str], list[tuple[str, str, bytes]]]:
        """multipart/form-data → (fields, [(filename, content type, bytes)])."""
        content_type = self.headers.get("content-type", "")
        message = BytesParser(policy=policy.default).parsebytes(
            f"Content-Type: {content_type}\r\n\r\n".encode() + self.body
        )
        fields, files = {}, []
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            if part.get_filename():
                files.append((part.get_filename(), part.get_content_type(), part.get_payload(decode=True)))
            else:
                fields[name] = part.get_payload(decode=True).decode()
        return fields, files


def page_of(request: Request, items: list[dict[str, Any]]) -> dict[str, Any]:
    page = int(request.param("page") or 1)
    size = min(int(request.param("page_size") or 20), 100)
    chunk = items[(page - 1) * size : page * size]
    if page > 1 and not chunk:
        raise problem(404, "Invalid page.")
    more = page * size < len(items)
    return {
        "count": len(items),
        "next": f"http://fake{request.path}?{urlencode({'page': page + 1})}" if more else None,
        "previous": f"http://fake{request.path}?{urlencode({'page': page - 1})}" if page > 1 else None,
        "results": chunk,
    }


@dataclass
class World:
    """The data the three fake services share (ids follow servicekit.demo's pattern)."""

    leases: list[dict[str, Any]] = field(default_factory=list)
    invoices: dict[str, dict[str, Any]] = field(default_factory=dict)
    idempotency: dict[str, tuple[str, int, dict[str, Any]]] = field(default_factory=dict)
    work_orders: dict[str, dict[str, Any]] = field(default_factory=dict)
    photos: dict[str, bytes] = field(default_factory=dict)
    listings: dict[str, dict[str, Any]] = field(default_factory=dict)
    applications: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def demo(cls) -> World:
        world = cls()
        for tenant, lease in ((TENANT_A, demo.LEASES[0]), (TENANT_B, demo.LEASES[1])):
            unit, prop = demo.unit(lease.unit_id), demo.property_of(lease.unit_id)
            world.leases.append(
                {
                    "id": str(lease.id),
                    "tenant_id": str(tenant.id),
                    "status": "active",
                    "start_date": lease.start_date.isoformat(),
                    "end_date": lease.end_date.isoformat(),
                    "monthly_rent": str(lease.monthly_rent),
                    "currency": "USD",
                    "deposit": str(lease.deposit),
                    "rent_due_day": 1,
                    "unit": {
                        "id": str(unit.id),
                        "label": unit.label,
                        "bedrooms": unit.bedrooms,
                        "bathrooms": str(unit.bathrooms),
                        "area_sqm": unit.area_sqm,
                        "floor": unit.floor,
                    },
                    "property": {
                        "id": str(prop.id),
                        "name": prop.name,
                        "address_line1": prop.address,
                        "city": prop.city,
                        "postal_code": prop.postal_code,
                        "country": "US",
                    },
                }
            )
        n = 0
        for t, tenant in enumerate((TENANT_A, TENANT_B)):
            for month, status in ((10, "paid"), (11, "open"), (12, "open")):
                n += 1
                world.add_invoice(
                    _id("f", n),
                    tenant.id,
                    demo.LEASES[t].id,
                    f"2026-{month:02d}",
                    status,
                    demo.LEASES[t].monthly_rent,
                )
            for k, status in enumerate(("submitted", "in_progress", "completed")):
                world.add_work_order(_id("9", t * 10 + k + 1), tenant.id, demo.LEASES[t].unit_id, status)
        for unit in demo.UNITS:
            if unit.id in demo.LEASED_UNIT_IDS:
                continue
            prop = demo.property_of(unit.id)
            listing_id = str(demo.listing_id(unit.id))
            world.listings[listing_id] = {
                "id": listing_id,
                "title": f"Home at {prop.name}",
                "description": prop.description,
                "monthly_rent": str(unit.rent),
                "currency": "USD",
                "deposit": str(unit.rent),
                "available_from": "2026-12-01",
                "pets_allowed": True,
                "status": "published",
                "published_at": "2026-11-01T09:00:00Z",
                "unit": {
                    "id": str(unit.id),
                    "label": unit.label,
                    "bedrooms": unit.bedrooms,
                    "bathrooms": str(unit.bathrooms),
                    "area_sqm": unit.area_sqm,
                    "floor": unit.floor,
                    "property": {
                        "id": str(prop.id),
                        "name": prop.name,
                        "address_line1": prop.address,
                        "city": prop.city,
                        "postal_code": prop.postal_code,
                        "country": "US",
                    },
                },
                "photos": [{"url": "/photos/x-1.svg", "alt_text": "Photo 1"}],
            }
        return world

    def add_invoice(self, invoice_id, tenant_id, lease_id, period, status, amount) -> dict[str, Any]:
        paid = amount if status == "paid" else Decimal("0.00")
        invoice = {
            "id": invoice_id,
            "number": f"INV-2026-{len(self.invoices) + 1:06d}",
            "tenant_id": str(tenant_id),
            "lease_id": str(lease_id),
            "period": period,
            "issue_date": f"{period}-01",
            "due_date": f"{period}-05",
            "currency": "USD",
            "status": status,
            "total": str(amount),
            "amount_paid": str(paid),
            "amount_due": str(amount - paid),
            "lines": [
                {
                    "id": str(uuid.uuid4()),
                    "description": f"Rent {period}",
                    "quantity": "1.00",
                    "unit_price": str(amount),
                    "amount": str(amount),
                }
            ],
            "payments": [],
        }
        self.invoices[invoice_id] = invoice
        return invoice

    def add_work_order(self, work_order_id, tenant_id, unit_id, status) -> dict[str, Any]:
        photo_id = str(uuid.uuid4())
        self.photos[photo_id] = PNG
        work_order = {
            "id": work_order_id,
            "number": f"WO-{len(self.work_orders) + 1:06d}",
            "tenant_id": str(tenant_id),
            "property_id": str(demo.unit(unit_id).property_id),
            "unit_id": str(unit_id),
            "category": "plumbing",
            "priority": "normal",
            "title": "Dripping tap",
            "description": "The kitchen tap drips all night.",
            "status": status,
            "assignee": None,
            "scheduled_for": None,
            "created_at": "2026-11-20T10:00:00Z",
            "updated_at": "2026-11-20T10:00:00Z",
            "completed_at": "2026-11-22T10:00:00Z" if status == "completed" else None,
            "cancellable": status in ("submitted", "triaged"),
            "timeline": [
                {
                    "kind": "status",
                    "at": "2026-11-20T10:00:00Z",
                    "from_status": None,
                    "to_status": "submitted",
                    "author_kind": "tenant",
                    "author_name": "",
                    "body": None,
                }
            ],
            "photos": [{"id": photo_id, "content_type": "image/png", "size": len(PNG)}],
        }
        self.work_orders[work_order_id] = work_order
        return work_order


SUMMARY_FIELDS = (
    "id", "number", "tenant_id", "lease_id", "period", "issue_date", "due_date", "currency", "status",
    "total", "amount_paid", "amount_due",
)  # fmt: skip


class FakeService:
    def __init__(self, name: str, port: int, world: World) -> None:
        self.name, self.port, self.world = name, port, world
        self.delay = 0.0
        self.mode = "up"
        self.naive = False
        self.hits: Counter[str] = Counter()
        self.requests: list[Request] = []
        self._release = threading.Event()
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def reset(self, world: World) -> None:
        self.world, self.delay, self.mode, self.naive = world, 0.0, "up", False
        self.hits.clear()
        self.requests.clear()
        self._release.set()  # let go of anything still hanging from the last test
        self._release = threading.Event()

    def start(self) -> FakeService:
        service = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body are two writes: with Nagle's algorithm the second waits ~40 ms for an ACK.
            disable_nagle_algorithm = True

            def log_message(self, *args):  # quiet
                pass

            def _serve(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                request = Request(
                    self.command,
                    parts.path,
                    parse_qs(parts.query),
                    {k.lower(): v for k, v in self.headers.items()},
                    body,
                )
                reply = service.answer(request)
                payload = reply.raw if reply.raw is not None else json.dumps(reply.body).encode()
                self.send_response(reply.status)
                content_type = reply.headers.pop("Content-Type", "application/json")
                self.send_header("Content-Type", content_type)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = _serve

        ThreadingHTTPServer.allow_reuse_address = True
        try:
            self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        except OSError:
            # Someone else runs these tests right now: any free port will do.
            self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
            self.port = self._server.server_address[1]
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, name=f"fake-{self.name}", daemon=True).start()
        return self

    def stop(self) -> None:
        self._release.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def answer(self, request: Request) -> Reply:
        self.hits[request.path] += 1
        self.requests.append(request)
        if self.mode == "hang":
            self._release.wait(30)
            return problem(503, "was hanging")
        if self.delay:
            time.sleep(self.delay)
        if self.mode == "error":
            return problem(503, "down for the test")
        if request.headers.get("authorization") != f"Bearer {TOKEN}":
            return problem(401, "Unknown service token.")
        try:
            with self.world.lock:
                return getattr(self, f"route_{self.name}")(request)
        except Reply as reply:
            return reply

    def calls_for(self, response) -> list[Request]:
        """What this service received while the BFF answered ``response`` (by its X-Request-ID):
        a previous test's retries still in flight cannot muddle a test's count."""
        return [r for r in self.requests if r.headers.get("x-request-id") == response["X-Request-ID"]]

    def tenant_ok(self, obj: dict[str, Any], tenant_id: str | None) -> bool:
        return self.naive or obj["tenant_id"] == tenant_id

    # ── property-service ──────────────────────────────────────────────────────────────────────────
    def route_property(self, r: Request) -> Reply:
        w = self.world
        if r.method == "GET" and r.path == "/api/v1/leases/":
            found = [
                lease
                for lease in w.leases
                if self.tenant_ok(lease, r.param("tenant_id"))
                and lease["status"] == (r.param("status") or lease["status"])
            ]
            return Reply(200, page_of(r, found))
        if r.method == "GET" and r.path == "/api/v1/listings/":
            found = list(w.listings.values())
            if r.param("city"):
                found = [x for x in found if x["unit"]["property"]["city"].lower() == r.param("city").lower()]
            return Reply(200, page_of(r, found))
        if r.method == "GET" and r.path == "/api/v1/listings/cities/":
            return Reply(
                200, {"cities": sorted({x["unit"]["property"]["city"] for x in w.listings.values()})}
            )
        if m := re.fullmatch(r"/api/v1/listings/([0-9a-f-]+)/", r.path):
            if m[1] in w.listings:
                return Reply(200, w.listings[m[1]])
            raise problem(404, "Not found.")
        if r.method == "POST" and r.path == "/api/v1/applications/":
            body = r.json()
            if body.get("listing_id") not in w.listings:
                raise problem(
                    400,
                    "One or more fields are invalid.",
                    {"listing_id": ["No published listing has this id."]},
                )
            if any(
                a["email"] == body["email"] and a["listing_id"] == body["listing_id"] for a in w.applications
            ):
                raise problem(409, "You have applied for this home already.")
            application = {
                **body,
                "id": str(uuid.uuid4()),
                "number": f"APP-{len(w.applications) + 1:06d}",
                "status": "submitted",
            }
            w.applications.append(application)
            return Reply(201, application)
        raise problem(404, "No such route in the fake property-service.")

    # ── financial-service ─────────────────────────────────────────────────────────────────────────
    def route_financial(self, r: Request) -> Reply:
        w = self.world
        if r.method == "GET" and r.path == "/api/v1/invoices/":
            if not r.param("tenant_id"):
                raise problem(400, "tenant_id is required.", {"tenant_id": ["This field is required."]})
            found = [
                {k: inv[k] for k in SUMMARY_FIELDS}
                for inv in reversed(w.invoices.values())
                if self.tenant_ok(inv, r.param("tenant_id"))
                and inv["status"] == (r.param("status") or inv["status"])
            ]
            return Reply(200, page_of(r, found))
        if m := re.fullmatch(r"/api/v1/invoices/([0-9a-f-]+)/", r.path):
            invoice = w.invoices.get(m[1])
            if invoice is None or not self.tenant_ok(invoice, r.param("tenant_id")):
                raise problem(404, "Not found.")
            return Reply(200, invoice)
        if (m := re.fullmatch(r"/api/v1/invoices/([0-9a-f-]+)/payments", r.path)) and r.method == "POST":
            return self.pay(r, m[1])
        if m := re.fullmatch(r"/api/v1/tenants/([0-9a-f-]+)/balance", r.path):
            mine = [
                inv
                for inv in w.invoices.values()
                if inv["tenant_id"] == m[1] and inv["status"] in ("open", "overdue")
            ]
            due = sum((Decimal(inv["amount_due"]) for inv in mine), Decimal("0.00"))
            first = min(mine, key=lambda inv: inv["due_date"], default=None)
            return Reply(
                200,
                {
                    "tenant_id": m[1],
                    "currency": "USD",
                    "outstanding": str(due),
                    "overdue": "0.00",
                    "next_due_date": first["due_date"] if first else None,
                    "next_due_amount": first["amount_due"] if first else None,
                    "open_invoices": len(mine),
                },
            )
        raise problem(404, "No such route in the fake financial-service.")

    def pay(self, r: Request, invoice_id: str) -> Reply:
        w = self.world
        key = r.headers.get("idempotency-key")
        if not key:
            raise problem(400, "Idempotency-Key header is required.")
        body = r.json()
        if key in w.idempotency:
            fingerprint, status, answer = w.idempotency[key]
            if fingerprint != r.body.decode():
                raise problem(422, "This Idempotency-Key was used with another request.")
            return Reply(status, answer, headers={"Idempotent-Replayed": "true"})
        invoice = w.invoices.get(invoice_id)
        if invoice is None or not self.tenant_ok(invoice, body.get("tenant_id")):
            raise problem(404, "Not found.")
        if invoice["status"] in ("paid", "void"):
            raise problem(409, f"This invoice is {invoice['status']}.")
        try:
            amount = Decimal(body.get("amount"))
        except (InvalidOperation, TypeError) as exc:
            raise problem(400, "Invalid.", {"amount": ["A valid number is required."]}) from exc
        if amount <= 0 or amount > Decimal(invoice["amount_due"]):
            raise problem(400, "Invalid.", {"amount": ["Pay more than 0 and at most the amount due."]})
        payment = {
            "id": str(uuid.uuid4()),
            "invoice_id": invoice_id,
            "amount": str(amount),
            "currency": "USD",
            "method": body["method"],
            "status": "succeeded",
            "provider_reference": "",
            "received_at": "2026-11-28T10:00:00Z",
        }
        invoice["payments"].append(payment)
        invoice["amount_paid"] = str(Decimal(invoice["amount_paid"]) + amount)
        invoice["amount_due"] = str(Decimal(invoice["amount_due"]) - amount)
        if Decimal(invoice["amount_due"]) == 0:
            invoice["status"] = "paid"
        w.idempotency[key] = (r.body.decode(), 201, payment)
        return Reply(201, payment)

    # ── maintenance-service ───────────────────────────────────────────────────────────────────────
    def route_maintenance(self, r: Request) -> Reply:
        w = self.world
        if r.path == "/api/v1/work-orders/" and r.method == "GET":
            statuses = set(r.query.get("status", []))
            if "open" in statuses:
                statuses = (statuses - {"open"}) | {"submitted", "triaged", "scheduled", "in_progress"}
            found = [
                {k: v for k, v in wo.items() if k not in ("timeline", "photos")}
                for wo in reversed(w.work_orders.values())
                if self.tenant_ok(wo, r.param("tenant_id")) and (not statuses or wo["status"] in statuses)
            ]
            return Reply(200, page_of(r, found))
        if r.path == "/api/v1/work-orders/" and r.method == "POST":
            if r.headers.get("content-type", "").startswith("multipart/"):
                fields, files = r.form()
            else:
                fields, files = r.json(), []
            work_order = w.add_work_order(
                str(uuid.uuid4()), fields["tenant_id"], uuid.UUID(fields["unit_id"]), "submitted"
            )
            work_order.update({k: fields[k] for k in ("category", "priority", "title", "description")})
            work_order["photos"] = []
            for _, content_type, data in files:
                photo_id = str(uuid.uuid4())
                w.photos[photo_id] = data
                work_order["photos"].append({"id": photo_id, "content_type": content_type, "size": len(data)})
            return Reply(201, work_order)
        m = re.fullmatch(r"/api/v1/work-orders/([0-9a-f-]+)/(|comments|cancel|photos/([0-9a-f-]+))", r.path)
        if not m or m[1] not in w.work_orders:
            raise problem(404, "Not found.")
        work_order = w.work_orders[m[1]]
        tenant_id = r.param("tenant_id") if r.method == "GET" else r.json().get("tenant_id")
        if not self.tenant_ok(work_order, tenant_id):
            raise problem(404, "Not found.")
        if m[2] == "" and r.method == "GET":
            return Reply(200, work_order)
        if m[2] == "comments" and r.method == "POST":
            body = r.json()
            comment = {
                "id": str(uuid.uuid4()),
                "kind": "comment",
                "at": "2026-11-28T10:00:00Z",
                "author_kind": "tenant",
                "author_name": body.get("author_name", ""),
                "body": body["body"],
            }
            work_order["timeline"].append(
                {**{k: v for k, v in comment.items() if k != "id"}, "from_status": None, "to_status": None}
            )
            return Reply(201, comment)
        if m[2] == "cancel" and r.method == "POST":
            if not work_order["cancellable"]:
                raise problem(409, "Work has started: it cannot be cancelled any more.")
            work_order.update(status="cancelled", cancellable=False)
            return Reply(200, work_order)
        if m[3] and r.method == "GET" and any(p["id"] == m[3] for p in work_order["photos"]):
            return Reply(200, raw=w.photos[m[3]], headers={"Content-Type": "image/png"})
        raise problem(404, "Not found.")


@dataclass
class FakePlatform:
    property: FakeService
    financial: FakeService
    maintenance: FakeService
    world: World

    @property
    def services(self) -> tuple[FakeService, FakeService, FakeService]:
        return (self.property, self.financial, self.maintenance)

    @classmethod
    def start(cls, base_port: int) -> FakePlatform:
        world = World.demo()
        return cls(
            FakeService("property", base_port, world).start(),
            FakeService("financial", base_port + 1, world).start(),
            FakeService("maintenance", base_port + 2, world).start(),
            world,
        )

    def calls_for(self, response) -> list[Request]:
        return [r for service in self.services for r in service.calls_for(response)]

    def reset(self) -> None:
        self.world = World.demo()
        for service in self.services:
            service.reset(self.world)
            if service._server is None:  # a test took it down
                service.start()

    def stop(self) -> None:
        for service in self.services:
            service.stop()
