"""The internal API the BFF uses, through DRF's APIClient with the BFF's service token."""

import re
import uuid

import pytest
from django.urls import reverse

from workorders import services
from workorders.models import ActorKind, Status, WorkOrder
from workorders.tests.conftest import image_bytes, upload
from workorders.tests.factories import WorkOrderFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/work-orders/"
PROBLEM = "application/problem+json"


def detail_url(work_order) -> str:
    return f"/api/v1/work-orders/{work_order.id}/"


def valid_body(tenant_id, **overrides) -> dict:
    return {
        "tenant_id": str(tenant_id),
        "property_id": "a0000000-0000-4000-8000-000000000001",
        "unit_id": "b0000000-0000-4000-8000-000000000002",
        "category": "plumbing",
        "priority": "high",
        "title": "Leaking shower",
        "description": "Water seeps out under the shower door onto the floor.",
        "author_name": "Alice Moreau",
    } | overrides


# --- callers --------------------------------------------------------------------------------------


def test_no_token_is_401_problem(service_client, tenant_id):
    response = service_client(None).get(LIST, {"tenant_id": tenant_id})
    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM
    assert response.json()["status"] == 401


def test_another_service_is_403(service_client, tenant_id):
    response = service_client("financial-service").get(LIST, {"tenant_id": tenant_id})
    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM


def test_unknown_token_is_401(service_client, tenant_id):
    client = service_client(None)
    client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    assert client.get(LIST, {"tenant_id": tenant_id}).status_code == 401


# --- list -----------------------------------------------------------------------------------------


def test_list_needs_a_tenant(bff):
    response = bff.get(LIST)
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert "tenant_id" in response.json()["errors"]


def test_list_shows_only_the_tenants_work_orders_newest_first(bff, tenant_id):
    first = WorkOrderFactory(tenant_id=tenant_id)
    second = WorkOrderFactory(tenant_id=tenant_id)
    WorkOrderFactory()  # someone else's

    body = bff.get(LIST, {"tenant_id": tenant_id}).json()
    assert body["count"] == 2
    assert [item["id"] for item in body["results"]] == [str(second.id), str(first.id)]
    item = body["results"][0]
    assert set(item) == {
        "id",
        "number",
        "tenant_id",
        "property_id",
        "unit_id",
        "category",
        "priority",
        "title",
        "description",
        "status",
        "assignee",
        "scheduled_for",
        "created_at",
        "updated_at",
        "completed_at",
        "cancellable",
    }
    assert re.fullmatch(r"WO-\d{6}", item["number"])
    assert item["cancellable"] is True


def test_list_filters_by_status_repeated_or_open(bff, tenant_id, work_order_in):
    submitted = work_order_in(Status.SUBMITTED, tenant_id=tenant_id)
    scheduled = work_order_in(Status.SCHEDULED, tenant_id=tenant_id)
    done = work_order_in(Status.COMPLETED, tenant_id=tenant_id)
    cancelled = work_order_in(Status.CANCELLED, tenant_id=tenant_id)

    def ids(**params):
        response = bff.get(LIST, {"tenant_id": tenant_id, **params})
        assert response.status_code == 200, response.json()
        return {item["id"] for item in response.json()["results"]}

    assert ids(status="open") == {str(submitted.id), str(scheduled.id)}
    assert ids(status=["completed", "cancelled"]) == {str(done.id), str(cancelled.id)}
    assert ids(status="scheduled") == {str(scheduled.id)}
    assert len(ids()) == 4


def test_list_refuses_an_unknown_status(bff, tenant_id):
    response = bff.get(LIST, {"tenant_id": tenant_id, "status": "lost"})
    assert response.status_code == 400
    assert "status" in str(response.json()["errors"])


def test_list_paginates(bff, tenant_id):
    for _ in range(3):
        WorkOrderFactory(tenant_id=tenant_id)
    body = bff.get(LIST, {"tenant_id": tenant_id, "page_size": 2}).json()
    assert (body["count"], len(body["results"]), body["previous"]) == (3, 2, None)
    assert "page=2" in body["next"]


def test_list_query_count_does_not_grow_with_rows(bff, tenant_id, django_assert_num_queries):
    WorkOrderFactory(tenant_id=tenant_id)
    with django_assert_num_queries(2):  # count + page
        assert len(bff.get(LIST, {"tenant_id": tenant_id}).json()["results"]) == 1
    for _ in range(15):
        WorkOrderFactory(tenant_id=tenant_id)
    with django_assert_num_queries(2):
        assert len(bff.get(LIST, {"tenant_id": tenant_id}).json()["results"]) == 16


# --- create ---------------------------------------------------------------------------------------


def test_create_json(bff, tenant_id, metric_points):
    response = bff.post(LIST, valid_body(tenant_id), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert re.fullmatch(r"WO-\d{6}", body["number"])
    assert (body["status"], body["priority"], body["tenant_id"], body["cancellable"]) == (
        "submitted",
        "high",
        str(tenant_id),
        True,
    )
    assert body["photos"] == []
    assert body["timeline"] == [
        {
            "kind": "status",
            "at": body["created_at"],
            "from_status": None,
            "to_status": "submitted",
            "author_kind": "tenant",
            "author_name": "Alice Moreau",
            "body": None,
        }
    ]
    assert WorkOrder.objects.get(id=body["id"]).tenant_id == tenant_id


def test_create_priority_defaults_to_normal(bff, tenant_id):
    body = valid_body(tenant_id)
    del body["priority"]
    assert bff.post(LIST, body, format="json").json()["priority"] == "normal"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("category", "roof"),
        ("priority", "urgent"),
        ("description", "too short"),
        ("description", "x" * 4001),
        ("title", ""),
        ("tenant_id", "not-a-uuid"),
        ("unit_id", None),
    ],
)
def test_create_refuses_bad_fields_with_per_field_errors(bff, tenant_id, field, value):
    response = bff.post(LIST, valid_body(tenant_id) | {field: value}, format="json")
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert list(response.json()["errors"]) == [field]
    assert not WorkOrder.objects.exists()


def test_create_refuses_a_unit_known_under_another_property(bff, tenant_id):
    WorkOrderFactory(
        property_id="a0000000-0000-4000-8000-000000000001", unit_id="b0000000-0000-4000-8000-000000000002"
    )
    response = bff.post(
        LIST, valid_body(tenant_id, property_id="a0000000-0000-4000-8000-000000000003"), format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"unit_id": ["This unit belongs to another property."]}


def test_create_refuses_malformed_json(bff):
    response = bff.generic("POST", LIST, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM


# --- photos ---------------------------------------------------------------------------------------


def test_create_with_photos_and_fetch_them(bff, tenant_id):
    png, jpeg, webp = image_bytes("PNG"), image_bytes("JPEG"), image_bytes("WEBP")
    body = valid_body(tenant_id) | {
        "photos": [
            upload("a.png", png),
            upload("b.jpg", jpeg, "image/jpeg"),
            upload("c.webp", webp, "image/webp"),
        ]
    }
    response = bff.post(LIST, body, format="multipart")
    assert response.status_code == 201, response.json()
    photos = response.json()["photos"]
    assert [(p["content_type"], p["size"]) for p in photos] == [
        ("image/png", len(png)),
        ("image/jpeg", len(jpeg)),
        ("image/webp", len(webp)),
    ]
    url = f"{LIST}{response.json()['id']}/photos/{photos[1]['id']}"
    fetched = bff.get(url, {"tenant_id": tenant_id}, HTTP_ACCEPT="image/*")
    assert fetched.status_code == 200
    assert fetched["Content-Type"] == "image/jpeg"
    assert b"".join(fetched.streaming_content) == jpeg

    # Another tenant asking for it sees nothing.
    other = bff.get(url, {"tenant_id": uuid.uuid4()}, HTTP_ACCEPT="image/*")
    assert other.status_code == 404
    assert other["Content-Type"] == PROBLEM


def test_a_photo_is_reached_only_through_its_own_work_order(bff, tenant_id):
    with_photo = services.work_order_create(**valid_body(tenant_id), photos=[upload("a.png", image_bytes())])
    without = WorkOrderFactory(tenant_id=tenant_id)
    photo = with_photo.photos.get()
    assert bff.get(f"{LIST}{without.id}/photos/{photo.id}", {"tenant_id": tenant_id}).status_code == 404
    assert (
        bff.get(f"{LIST}{with_photo.id}/photos/{uuid.uuid4()}", {"tenant_id": tenant_id}).status_code == 404
    )


@pytest.mark.parametrize(
    ("photos", "message"),
    [
        (
            [upload("cat.gif", image_bytes("GIF"), "image/gif")],
            r"Photo 1 \(cat\.gif\) is not a JPEG, PNG or WebP image\.",
        ),
        (
            [upload("notes.jpg", b"%PDF-1.7 definitely not a picture", "image/jpeg")],
            r"is not a JPEG, PNG or WebP",
        ),
        ([upload("big.png", image_bytes() + b"\0" * (5 * 1024 * 1024))], r"at most 5 MB"),
        ([upload(f"{n}.png", image_bytes()) for n in range(6)], r"at most 5 photos"),
    ],
    ids=["gif", "pdf-named-jpg", "too-large", "too-many"],
)
def test_bad_uploads_are_400_on_photos(bff, tenant_id, photos, message):
    response = bff.post(LIST, valid_body(tenant_id) | {"photos": photos}, format="multipart")
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    errors = response.json()["errors"]
    assert list(errors) == ["photos"]
    assert re.search(message, " ".join(errors["photos"]))
    assert not WorkOrder.objects.exists()


# --- detail, comments, cancel ---------------------------------------------------------------------


def test_detail_of_another_tenant_is_404(bff, tenant_id):
    work_order = WorkOrderFactory()
    response = bff.get(detail_url(work_order), {"tenant_id": tenant_id})
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    assert bff.get(f"{LIST}{uuid.uuid4()}/", {"tenant_id": tenant_id}).status_code == 404


def test_detail_needs_a_tenant(bff):
    response = bff.get(detail_url(WorkOrderFactory()))
    assert response.status_code == 400
    assert "tenant_id" in response.json()["errors"]


def test_detail_timeline_merges_status_changes_and_comments_by_time(bff, tenant_id, work_order_in):
    work_order = WorkOrderFactory(tenant_id=tenant_id, author_name="Alice")
    services.comment_create(
        work_order=work_order, author_kind=ActorKind.TENANT, author_name="Alice", body="Still dripping."
    )
    services.work_order_transition(
        work_order=work_order,
        to_status=Status.TRIAGED,
        actor_kind=ActorKind.STAFF,
        actor_name="Sam",
        note="Plumber next week.",
    )
    services.comment_create(
        work_order=work_order, author_kind=ActorKind.STAFF, author_name="Sam", body="Tuesday 9-11?"
    )

    body = bff.get(detail_url(work_order), {"tenant_id": tenant_id}).json()
    assert [(e["kind"], e["to_status"], e["author_name"], e["body"]) for e in body["timeline"]] == [
        ("status", "submitted", "Alice", None),
        ("comment", None, "Alice", "Still dripping."),
        ("status", "triaged", "Sam", "Plumber next week."),
        ("comment", None, "Sam", "Tuesday 9-11?"),
    ]
    times = [e["at"] for e in body["timeline"]]
    assert times == sorted(times)


def test_detail_query_count_is_fixed(bff, tenant_id, django_assert_num_queries):
    work_order = WorkOrderFactory(tenant_id=tenant_id)
    for n in range(5):
        services.comment_create(
            work_order=work_order, author_kind=ActorKind.TENANT, author_name="A", body=f"note {n}"
        )
    with django_assert_num_queries(4):  # work order, status changes, comments, photos
        assert bff.get(detail_url(work_order), {"tenant_id": tenant_id}).status_code == 200


def test_comment(bff, tenant_id):
    work_order = WorkOrderFactory(tenant_id=tenant_id)
    response = bff.post(
        f"{LIST}{work_order.id}/comments",
        {"tenant_id": str(tenant_id), "body": "  Any news?  ", "author_name": "Alice"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["kind"], body["author_kind"], body["author_name"], body["body"]) == (
        "comment",
        "tenant",
        "Alice",
        "Any news?",
    )
    assert work_order.comments.get().body == "Any news?"


@pytest.mark.parametrize("body", [{"body": ""}, {"body": "   "}, {}, {"body": "x" * 4001}])
def test_comment_needs_a_body(bff, tenant_id, body):
    work_order = WorkOrderFactory(tenant_id=tenant_id)
    response = bff.post(
        f"{LIST}{work_order.id}/comments", {"tenant_id": str(tenant_id), **body}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["body"]
    assert not work_order.comments.exists()


def test_comment_on_another_tenants_work_order_is_404(bff, tenant_id):
    work_order = WorkOrderFactory()
    response = bff.post(
        f"{LIST}{work_order.id}/comments", {"tenant_id": str(tenant_id), "body": "hi"}, format="json"
    )
    assert response.status_code == 404
    assert not work_order.comments.exists()


def test_cancel(bff, tenant_id):
    work_order = WorkOrderFactory(tenant_id=tenant_id)
    response = bff.post(
        f"{LIST}{work_order.id}/cancel",
        {"tenant_id": str(tenant_id), "reason": "Fixed it myself"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["cancellable"]) == ("cancelled", False)
    assert body["timeline"][-1] | {"at": None} == {
        "kind": "status",
        "at": None,
        "from_status": "submitted",
        "to_status": "cancelled",
        "author_kind": "tenant",
        "author_name": "",
        "body": "Fixed it myself",
    }


def test_cancel_after_work_started_is_409_and_changes_nothing(bff, tenant_id, work_order_in):
    work_order = work_order_in(Status.IN_PROGRESS, tenant_id=tenant_id)
    response = bff.post(f"{LIST}{work_order.id}/cancel", {"tenant_id": str(tenant_id)}, format="json")
    assert response.status_code == 409
    assert response["Content-Type"] == PROBLEM
    problem = response.json()
    assert problem["type"].endswith(":invalid-state-transition")
    assert problem["detail"] == f"{work_order.number} can no longer be cancelled: it is in progress."
    stored = WorkOrder.objects.get(pk=work_order.pk)
    assert (stored.status, stored.status_changes.count()) == (Status.IN_PROGRESS, 4)


def test_cancel_of_another_tenants_work_order_is_404(bff, tenant_id):
    work_order = WorkOrderFactory()
    response = bff.post(f"{LIST}{work_order.id}/cancel", {"tenant_id": str(tenant_id)}, format="json")
    assert response.status_code == 404
    assert WorkOrder.objects.get(pk=work_order.pk).status == Status.SUBMITTED


def test_schema_is_served(client):
    response = client.get(reverse("schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert set(paths) == {
        "/api/v1/work-orders/",
        "/api/v1/work-orders/{id}/",
        "/api/v1/work-orders/{id}/comments",
        "/api/v1/work-orders/{id}/cancel",
        "/api/v1/work-orders/{id}/photos/{photo_id}",
    }


@pytest.mark.parametrize(
    "params", [{"page_size": "0"}, {"page_size": "-1"}, {"page_size": "2.5"}, {"page": ""}, {"page": "x"}]
)
def test_list_refuses_bad_paging_instead_of_guessing(bff, tenant_id, params):
    response = bff.get(LIST, {"tenant_id": tenant_id, **params})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == list(params)


@pytest.mark.parametrize("field", ["tenant_id", "unit_id", "title", "author_name"])
def test_create_refuses_numbers_where_text_is_due(bff, tenant_id, field):
    response = bff.post(LIST, valid_body(tenant_id) | {field: 12}, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
