import json
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from fake_services import PNG, TENANT_A, _id

from servicekit import demo

WORK_ORDERS = "/api/tenant/work-orders"
SUBMITTED = _id("9", 1)  # Alice's, cancellable
IN_PROGRESS = _id("9", 2)  # Alice's, work has started
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
WEBP = b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x00" * 32


def new_request(**overrides):
    return {
        "category": "plumbing",
        "priority": "high",
        "title": "Leaking pipe",
        "description": "Water under the kitchen sink since this morning.",
        **overrides,
    }


def posts_to(platform, suffix=""):
    return [r for r in platform.maintenance.requests if r.method == "POST" and r.path.endswith(suffix)]


def test_work_order_list_is_the_tenants(alice, platform):
    body = alice.get(WORK_ORDERS).json()
    assert body["count"] == 3
    assert {wo["tenant_id"] for wo in body["results"]} == {str(TENANT_A.id)}
    assert "timeline" not in body["results"][0]


def test_work_order_list_passes_repeated_status_filters(alice, platform):
    response = alice.get(f"{WORK_ORDERS}?status=submitted&status=in_progress")
    assert {wo["status"] for wo in response.json()["results"]} == {"submitted", "in_progress"}
    assert platform.maintenance.calls_for(response)[0].query["status"] == ["submitted", "in_progress"]
    assert alice.get(WORK_ORDERS, {"status": "open"}).json()["count"] == 2


def test_work_order_list_rejects_an_unknown_status(alice):
    response = alice.get(WORK_ORDERS, {"status": "lost"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["status.0"]  # the first value is wrong


def test_create_with_photos_goes_to_maintenance_for_the_home_of_the_active_lease(alice, platform):
    photos = [
        SimpleUploadedFile("tap.png", PNG, "image/png"),
        SimpleUploadedFile("sink.jpg", JPEG, "image/jpeg"),
    ]
    response = alice.post(WORK_ORDERS, {**new_request(), "photos": photos}, format="multipart")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "submitted"
    assert [p["content_type"] for p in body["photos"]] == ["image/png", "image/jpeg"]
    assert body["photos"][0]["url"] == f"{WORK_ORDERS}/{body['id']}/photos/{body['photos'][0]['id']}"

    [post] = posts_to(platform, "/work-orders/")
    fields, files = post.form()
    lease = demo.LEASES[0]
    assert fields == {
        "tenant_id": str(TENANT_A.id),
        "property_id": str(demo.unit(lease.unit_id).property_id),
        "unit_id": str(lease.unit_id),
        "category": "plumbing",
        "priority": "high",
        "title": "Leaking pipe",
        "description": "Water under the kitchen sink since this morning.",
        "author_name": "Alice Moreau",
    }
    assert [(name, ctype, data) for name, ctype, data in files] == [
        ("tap.png", "image/png", PNG),
        ("sink.jpg", "image/jpeg", JPEG),
    ]
    # The photo comes back through the BFF.
    photo = alice.get(body["photos"][0]["url"])
    assert photo.status_code == 200
    assert photo["Content-Type"] == "image/png"
    assert photo.content == PNG
    assert photo["X-Content-Type-Options"] == "nosniff"


def test_create_accepts_photos_bracket_field_name_and_webp(alice, platform):
    response = alice.post(
        WORK_ORDERS,
        {**new_request(), "photos[]": [SimpleUploadedFile("a.webp", WEBP, "image/webp")]},
        format="multipart",
    )
    assert response.status_code == 201
    assert response.json()["photos"][0]["content_type"] == "image/webp"


def test_create_without_photos_sends_json(alice, platform):
    response = alice.post(WORK_ORDERS, new_request(), format="multipart")
    assert response.status_code == 201
    [post] = posts_to(platform, "/work-orders/")
    assert json.loads(post.body)["unit_id"] == str(demo.LEASES[0].unit_id)


@pytest.mark.parametrize(
    ("photos", "message"),
    [
        (
            [SimpleUploadedFile("notes.png", b"hello, not an image", "image/png")],
            "is not a JPEG, PNG or WebP image",
        ),
        (
            [SimpleUploadedFile("huge.png", PNG + b"\x00" * (5 * 1024 * 1024), "image/png")],
            "larger than 5 MB",
        ),
        ([SimpleUploadedFile(f"{n}.png", PNG, "image/png") for n in range(6)], "at most 5 photos"),
    ],
)
def test_create_refuses_bad_photos(alice, platform, photos, message):
    response = alice.post(WORK_ORDERS, {**new_request(), "photos": photos}, format="multipart")
    assert response.status_code == 400
    assert message in response.json()["errors"]["photos"][0]
    assert posts_to(platform) == []


def test_create_refuses_a_body_larger_than_any_valid_request_before_reading_it(alice, platform):
    response = alice.post(
        WORK_ORDERS, new_request(), format="multipart", CONTENT_LENGTH=str(27 * 1024 * 1024)
    )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    assert posts_to(platform) == []


def test_create_validates_each_field(alice, platform):
    response = alice.post(WORK_ORDERS, {"category": "magic", "title": "x"}, format="multipart")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"category", "title", "description"}
    assert posts_to(platform) == []


def test_create_without_an_active_lease_is_409(alice, platform):
    platform.world.leases[0]["status"] = "ended"
    response = alice.post(WORK_ORDERS, new_request(), format="multipart")
    assert response.status_code == 409
    assert posts_to(platform) == []


def test_create_with_maintenance_down_is_503(alice, platform):
    platform.maintenance.stop()
    response = alice.post(WORK_ORDERS, new_request(), format="multipart")
    assert response.status_code == 503
    assert "maintenance" in response.json()["detail"]


def test_detail_has_timeline_and_photo_urls(alice):
    body = alice.get(f"{WORK_ORDERS}/{SUBMITTED}").json()
    assert body["timeline"][0]["to_status"] == "submitted"
    assert body["photos"][0]["url"].startswith(f"{WORK_ORDERS}/{SUBMITTED}/photos/")
    assert body["cancellable"] is True


def test_comment_is_written_as_the_signed_in_tenant(alice, platform):
    response = alice.post(
        f"{WORK_ORDERS}/{SUBMITTED}/comments", {"body": "Any news?", "author_name": "Mallory"}
    )
    assert response.status_code == 201
    assert response.json()["body"] == "Any news?"
    [post] = posts_to(platform, "/comments")
    assert json.loads(post.body) == {
        "tenant_id": str(TENANT_A.id),
        "body": "Any news?",
        "author_name": "Alice Moreau",
    }


def test_empty_comment_is_400(alice, platform):
    response = alice.post(f"{WORK_ORDERS}/{SUBMITTED}/comments", {"body": ""})
    assert response.status_code == 400
    assert "body" in response.json()["errors"]
    assert posts_to(platform) == []


def test_cancel_before_work_started(alice):
    response = alice.post(f"{WORK_ORDERS}/{SUBMITTED}/cancel", {"reason": "Fixed it myself"})
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"


def test_cancel_after_work_started_is_409(alice):
    response = alice.post(f"{WORK_ORDERS}/{IN_PROGRESS}/cancel", {})
    assert response.status_code == 409
    assert "cannot be cancelled" in response.json()["detail"]


def test_photo_of_another_work_order_is_404(alice, platform):
    photo_id = platform.world.work_orders[IN_PROGRESS]["photos"][0]["id"]
    assert alice.get(f"{WORK_ORDERS}/{SUBMITTED}/photos/{photo_id}").status_code == 404
    assert alice.get(f"{WORK_ORDERS}/{SUBMITTED}/photos/{uuid.uuid4()}").status_code == 404


def test_photo_accepts_an_image_accept_header(alice, platform):
    photo_id = platform.world.work_orders[SUBMITTED]["photos"][0]["id"]
    response = alice.get(f"{WORK_ORDERS}/{SUBMITTED}/photos/{photo_id}", HTTP_ACCEPT="image/*")
    assert response.status_code == 200
    assert response.content == PNG
