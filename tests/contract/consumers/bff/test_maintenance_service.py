"""The BFF → maintenance-service contract: a tenant's work orders, their detail (timeline, photos),
opening one, commenting, cancelling, and the refusals: another tenant's work order (404), a unit the
service knows under another property (400), cancelling once work is done (409)."""

from __future__ import annotations

import io

from bff_examples import AUTH, LEASE_ID, OTHER_TENANT_ID, PROPERTY_ID, TENANT_ID, UNIT_ID, lease_body
from pact import match
from pactkit.matchers import PROBLEM_JSON, integer, moment, page, problem, text, uuid

PROVIDER = "maintenance-service"
WORK_ORDER_ID = "90000000-0000-4000-8000-00000000c0de"
OTHER_WORK_ORDER_ID = "90000000-0000-4000-8000-0000000b0b00"
PHOTO_ID = "91000000-0000-4000-8000-00000000c0de"
WORK_ORDERS = "/api/v1/work-orders/"
AUTHOR = "Alice Contract"  # the signed-in tenant's name, which the BFF passes on


def work_order_body(status: str = "submitted", *, cancellable: bool = True, completed: bool = False) -> dict:
    return {
        "id": uuid(WORK_ORDER_ID),
        "number": match.regex("WO-000123", regex=r"^WO-[0-9]{6,}$"),
        "tenant_id": uuid(TENANT_ID),
        "property_id": uuid(PROPERTY_ID),
        "unit_id": uuid(UNIT_ID),
        "category": "plumbing",
        "priority": "normal",
        "title": text("Dripping tap"),
        "description": text("The kitchen tap drips all night long."),
        "status": status,
        "assignee": text(""),
        "scheduled_for": None,
        "created_at": moment("2026-11-20T10:00:00.000000Z"),
        "updated_at": moment("2026-11-20T10:00:00.000000Z"),
        "completed_at": moment("2026-11-22T10:00:00.000000Z") if completed else None,
        "cancellable": cancellable,
    }


def work_order_detail(status: str = "submitted", **kwargs) -> dict:
    return {
        **work_order_body(status, **kwargs),
        # The entry every work order starts with; later ones have the same fields.
        "timeline": match.array_containing(
            [
                {
                    "kind": "status",
                    "at": moment("2026-11-20T10:00:00.000000Z"),
                    "from_status": None,
                    "to_status": "submitted",
                    "author_kind": "tenant",
                    "author_name": text(AUTHOR),
                    "body": None,
                }
            ]
        ),
        "photos": match.each_like(
            {
                "id": uuid(PHOTO_ID),
                "content_type": match.regex("image/png", regex=r"^image/(jpeg|png|webp)$"),
                "size": integer(68),
            }
        ),
    }


def a_work_order(status: str = "submitted") -> tuple[str, dict]:
    """A work order of the signed-in tenant, in ``status``, with one PNG photo."""
    return f"a {status} work order with a photo", {
        "tenant_id": TENANT_ID,
        "work_order_id": WORK_ORDER_ID,
        "photo_id": PHOTO_ID,
        "property_id": PROPERTY_ID,
        "unit_id": UNIT_ID,
    }


def expect_detail(pact, status: str = "submitted", **kwargs) -> None:
    """The BFF reads a work order before acting on it: that read is the tenant check."""
    (
        pact.upon_receiving(f"a request for a {status} work order")
        .given(*a_work_order(status))
        .with_request("GET", f"{WORK_ORDERS}{WORK_ORDER_ID}/")
        .with_query_parameters({"tenant_id": TENANT_ID})
        .with_header("Authorization", AUTH)
        .will_respond_with(200)
        .with_body(work_order_detail(status, **kwargs), content_type="application/json")
    )


def expect_active_lease(pact_with) -> None:
    """Opening a work order asks property-service for the tenant's home first."""
    (
        pact_with("property-service")
        .upon_receiving("a request for a tenant's active lease")
        .given("a tenant with an active lease", {"tenant_id": TENANT_ID, "lease_id": LEASE_ID})
        .with_request("GET", "/api/v1/leases/")
        .with_query_parameters({"tenant_id": TENANT_ID, "status": "active"})
        .with_header("Authorization", AUTH)
        .will_respond_with(200)
        .with_body(page(lease_body()), content_type="application/json")
    )


NEW_WORK_ORDER = {
    "category": "plumbing",
    "priority": "normal",
    "title": "Dripping tap",
    "description": "The kitchen tap drips all night long.",
}


def expect_create(pact, description: str, state: tuple[str, dict]):
    return (
        pact.upon_receiving(description)
        .given(*state)
        .with_request("POST", WORK_ORDERS)
        .with_header("Authorization", AUTH)
        .with_body(
            {
                "tenant_id": TENANT_ID,
                "property_id": PROPERTY_ID,
                "unit_id": UNIT_ID,
                **NEW_WORK_ORDER,
                "author_name": AUTHOR,
            },
            content_type="application/json",
        )
    )


def test_the_tenants_open_work_orders(pact_with, downstreams, tenant):
    pact = pact_with(PROVIDER)
    (
        pact.upon_receiving("a request for a tenant's open work orders")
        .given(*a_work_order())
        .with_request("GET", WORK_ORDERS)
        .with_query_parameters({"tenant_id": TENANT_ID, "status": "open", "page": "1", "page_size": "20"})
        .with_header("Authorization", AUTH)
        .will_respond_with(200)
        .with_body(page(work_order_body()), content_type="application/json")
    )
    with pact.serve() as server:
        downstreams(PROVIDER, server.url)
        response = tenant.get("/api/tenant/work-orders", {"status": "open"})

    assert response.status_code == 200, response.content
    assert response.json()["results"][0]["cancellable"] is True


def test_one_work_order_with_its_timeline_and_photos(pact_with, downstreams, tenant):
    pact = pact_with(PROVIDER)
    expect_detail(pact)
    with pact.serve() as server:
        downstreams(PROVIDER, server.url)
        response = tenant.get(f"/api/tenant/work-orders/{WORK_ORDER_ID}")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["timeline"][0]["to_status"] == "submitted"
    assert body["photos"][0]["url"] == f"/api/tenant/work-orders/{WORK_ORDER_ID}/photos/{PHOTO_ID}"


def test_a_photo_of_a_work_order(pact_with, downstreams, tenant):
    pact = pact_with(PROVIDER)
    expect_detail(pact)
    (
        pact.upon_receiving("a request for a photo of a work order")
        .given(*a_work_order())
        .with_request("GET", f"{WORK_ORDERS}{WORK_ORDER_ID}/photos/{PHOTO_ID}")
        .with_query_parameters({"tenant_id": TENANT_ID})
        .with_header("Authorization", AUTH)
        .will_respond_with(200)
        .with_header("Content-Type", "image/png")
        .with_binary_body(PNG, content_type="image/png")
        # Any PNG will do: the body is matched by what its bytes are, not byte for byte.
        .with_matching_rules(
            {"body": {"$": {"combine": "AND", "matchers": [{"match": "contentType", "value": "image/png"}]}}}
        )
    )
    with pact.serve() as server:
        downstreams(PROVIDER, server.url)
        response = tenant.get(
            f"/api/tenant/work-orders/{WORK_ORDER_ID}/photos/{PHOTO_ID}", HTTP_ACCEPT="image/*"
        )

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content == PNG


def test_another_tenants_work_order_is_not_found(pact_with, downstreams, tenant):
    pact = pact_with(PROVIDER)
    (
        pact.upon_receiving("a request for a work order of another tenant")
        .given(
            "a work order of another tenant",
            {"work_order_id": OTHER_WORK_ORDER_ID, "tenant_id": OTHER_TENANT_ID},
        )
        .with_request("GET", f"{WORK_ORDERS}{OTHER_WORK_ORDER_ID}/")
        .with_query_parameters({"tenant_id": TENANT_ID})
        .with_header("Authorization", AUTH)
        .will_respond_with(404)
        .with_body(problem(404), content_type=PROBLEM_JSON)
    )
    with pact.serve() as server:
        downstreams(PROVIDER, server.url)
        response = tenant.get(f"/api/tenant/work-orders/{OTHER_WORK_ORDER_ID}")

    assert response.status_code == 404


def test_a_work_order_is_opened_for_the_home_of_the_active_lease(pact_with, downstreams, tenant):
    expect_active_lease(pact_with)
    pact = pact_with(PROVIDER)
    (
        expect_create(pact, "a new work order", ("a tenant without work orders", {"tenant_id": TENANT_ID}))
        .will_respond_with(201)
        .with_body(work_order_detail(), content_type="application/json")
    )
    with pact_with("property-service").serve() as lease_server, pact.serve() as server:
        downstreams("property-service", lease_server.url)
        downstreams(PROVIDER, server.url)
        response = tenant.post("/api/tenant/work-orders", NEW_WORK_ORDER, format="multipart")

    assert response.status_code == 201, response.content
    assert response.json()["status"] == "submitted"


def test_a_unit_known_under_another_property_is_refused_per_field(pact_with, downstreams, tenant):
    expect_active_lease(pact_with)
    pact = pact_with(PROVIDER)
    state = ("the unit is known under another property", {"unit_id": UNIT_ID, "tenant_id": TENANT_ID})
    (
        expect_create(pact, "a new work order for a unit known under another property", state)
        .will_respond_with(400)
        .with_body(
            problem(400, errors={"unit_id": "This unit belongs to another property."}),
            content_type=PROBLEM_JSON,
        )
    )
    with pact_with("property-service").serve() as lease_server, pact.serve() as server:
        downstreams("property-service", lease_server.url)
        downstreams(PROVIDER, server.url)
        response = tenant.post("/api/tenant/work-orders", NEW_WORK_ORDER, format="multipart")

    assert response.status_code == 400
    assert response.json()["errors"]["unit_id"]


def test_a_comment_on_a_work_order(pact_with, downstreams, tenant):
    pact = pact_with(PROVIDER)
    expect_detail(pact)
    (
        pact.upon_receiving("a comment on a work order")
        .given(*a_work_order())
        .with_request("POST", f"{WORK_ORDERS}{WORK_ORDER_ID}/comments")
        .with_header("Authorization", AUTH)
        .with_body(
            {"tenant_id": TENANT_ID, "body": "It is worse at night.", "author_name": AUTHOR},
            content_type="application/json",
        )
        .will_respond_with(201)
        .with_body(
            {
                "id": uuid("92000000-0000-4000-8000-00000000c0de"),
                "kind": "comment",
                "at": moment("2026-11-21T08:00:00.000000Z"),
                "author_kind": "tenant",
                "author_name": text(AUTHOR),
                "body": text("It is worse at night."),
            },
            content_type="application/json",
        )
    )
    with pact.serve() as server:
        downstreams(PROVIDER, server.url)
        response = tenant.post(
            f"/api/tenant/work-orders/{WORK_ORDER_ID}/comments",
            {"body": "It is worse at night."},
            format="json",
        )

    assert response.status_code == 201, response.content
    assert response.json()["author_kind"] == "tenant"


def expect_cancel(pact, status: str):
    return (
        pact.upon_receiving(f"a request to cancel a {status} work order")
        .given(*a_work_order(status))
        .with_request("POST", f"{WORK_ORDERS}{WORK_ORDER_ID}/cancel")
        .with_header("Authorization", AUTH)
        .with_body(
            {"tenant_id": TENANT_ID, "reason": "Fixed it myself.", "author_name": AUTHOR},
            content_type="application/json",
        )
    )


def test_a_work_order_is_cancelled_before_work_starts(pact_with, downstreams, tenant):
    pact = pact_with(PROVIDER)
    expect_detail(pact)
    (
        expect_cancel(pact, "submitted")
        .will_respond_with(200)
        .with_body(work_order_detail("cancelled", cancellable=False), content_type="application/json")
    )
    with pact.serve() as server:
        downstreams(PROVIDER, server.url)
        response = tenant.post(
            f"/api/tenant/work-orders/{WORK_ORDER_ID}/cancel", {"reason": "Fixed it myself."}, format="json"
        )

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "cancelled"


def test_a_completed_work_order_cannot_be_cancelled(pact_with, downstreams, tenant):
    pact = pact_with(PROVIDER)
    expect_detail(pact, "completed", cancellable=False, completed=True)
    (
        expect_cancel(pact, "completed")
        .will_respond_with(409)
        .with_body(problem(409), content_type=PROBLEM_JSON)
    )
    with pact.serve() as server:
        downstreams(PROVIDER, server.url)
        response = tenant.post(
            f"/api/tenant/work-orders/{WORK_ORDER_ID}/cancel", {"reason": "Fixed it myself."}, format="json"
        )

    assert response.status_code == 409


def test_without_a_service_token_the_bff_is_refused(pact_with, downstreams, tenant):
    pact = pact_with(PROVIDER)
    (
        pact.upon_receiving("a request without a service token")
        .with_request("GET", WORK_ORDERS)
        .with_query_parameters({"tenant_id": TENANT_ID, "page": "1", "page_size": "20"})
        .will_respond_with(401)
        .with_body(problem(401), content_type=PROBLEM_JSON)
    )
    with pact.serve() as server:
        downstreams(PROVIDER, server.url, token=None)
        response = tenant.get("/api/tenant/work-orders")

    assert response.status_code == 503


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (2, 2), (200, 40, 40)).save(out, format="PNG")
    return out.getvalue()


PNG = _png()
