"""The staff queue: filters, search, one action per transition, read-only history, staff comments."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from workorders.models import ActorKind, Status, WorkOrder
from workorders.tests.factories import WorkOrderFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/workorders/workorder/"


def run_action(admin_client, action: str, *work_orders):
    return admin_client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [w.pk for w in work_orders]},
        follow=True,
    )


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_queue_filters_and_search(admin_client, work_order_in):
    urgent = work_order_in(
        Status.TRIAGED, priority="emergency", category="electrical", title="Sparking outlet"
    )
    calm = WorkOrderFactory(priority="low", title="Squeaky door")

    def listed(**params) -> set[str]:
        response = admin_client.get(CHANGELIST, params)
        assert response.status_code == 200
        return {w.number for w in response.context["cl"].result_list}

    assert listed() == {urgent.number, calm.number}
    assert listed(status__exact="triaged") == {urgent.number}
    assert listed(priority__exact="low") == {calm.number}
    assert listed(category__exact="electrical") == {urgent.number}
    assert listed(property_id=str(calm.property_id)) == {calm.number}
    assert listed(q=urgent.number) == {urgent.number}
    assert listed(q=str(urgent.seq)) >= {urgent.number}
    assert listed(q="squeaky") == {calm.number}
    assert listed(q=str(calm.tenant_id)) == {calm.number}


def test_each_action_moves_a_legal_work_order_and_records_who(admin_client, admin_user, work_order_in):
    work_order = WorkOrderFactory()
    run_action(admin_client, "triage", work_order)
    WorkOrder.objects.filter(pk=work_order.pk).update(scheduled_for=timezone.now() + timedelta(days=1))
    for action, status in [
        ("schedule", "scheduled"),
        ("start_work", "in_progress"),
        ("complete", "completed"),
    ]:
        response = run_action(admin_client, action, work_order)
        assert "1 work order(s) now" in " ".join(texts(response))
        assert WorkOrder.objects.get(pk=work_order.pk).status == status
    last = work_order.status_changes.order_by("-at", "-id").first()
    assert (last.actor_kind, last.actor_name) == (ActorKind.STAFF, admin_user.username)

    cancelled = WorkOrderFactory()
    run_action(admin_client, "cancel", cancelled)
    assert WorkOrder.objects.get(pk=cancelled.pk).status == Status.CANCELLED


def test_an_illegal_action_is_refused_with_a_message_and_changes_nothing(admin_client, work_order_in):
    done = work_order_in(Status.COMPLETED)
    fresh = WorkOrderFactory()
    response = run_action(admin_client, "start_work", done, fresh)
    messages = texts(response)
    assert f"{done.number} is completed: it cannot move to in progress." in messages
    assert f"{fresh.number} is submitted: it cannot move to in progress." in messages
    assert not any("now" in m for m in messages)
    assert WorkOrder.objects.get(pk=done.pk).status == Status.COMPLETED
    assert WorkOrder.objects.get(pk=fresh.pk).status == Status.SUBMITTED
    assert fresh.status_changes.count() == 1


def test_schedule_without_a_date_says_so(admin_client, work_order_in):
    work_order = work_order_in(Status.TRIAGED)
    response = run_action(admin_client, "schedule", work_order)
    assert any("scheduled" in m and work_order.number in m for m in texts(response))
    assert WorkOrder.objects.get(pk=work_order.pk).status == Status.TRIAGED


def test_change_page_shows_history_and_takes_a_staff_comment(admin_client, admin_user, work_order_in):
    work_order = work_order_in(Status.TRIAGED)
    url = f"{CHANGELIST}{work_order.pk}/change/"
    page = admin_client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Timeline" in html and "submitted → triaged" in html

    prefix_sc = "status_changes"
    data = {
        "assignee": "Cascade Heating",
        "scheduled_for_0": "2030-01-02",
        "scheduled_for_1": "09:00:00",
        f"{prefix_sc}-TOTAL_FORMS": "2",
        f"{prefix_sc}-INITIAL_FORMS": "2",
        "comments-TOTAL_FORMS": "1",
        "comments-INITIAL_FORMS": "0",
        "comments-0-body": "Technician booked for Tuesday.",
        "photos-TOTAL_FORMS": "0",
        "photos-INITIAL_FORMS": "0",
    }
    for n, change in enumerate(work_order.status_changes.order_by("at", "id")):
        data[f"{prefix_sc}-{n}-id"] = change.pk
        data[f"{prefix_sc}-{n}-work_order"] = work_order.pk
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    work_order.refresh_from_db()
    assert work_order.assignee == "Cascade Heating"
    comment = work_order.comments.get()
    assert (comment.author_kind, comment.author_name, comment.body) == (
        ActorKind.STAFF,
        admin_user.username,
        "Technician booked for Tuesday.",
    )
    assert work_order.status_changes.count() == 2  # the history is not editable through the form


def test_staff_cannot_add_or_delete_work_orders(admin_client):
    assert admin_client.get(f"{CHANGELIST}add/").status_code == 403
    work_order = WorkOrderFactory()
    assert admin_client.get(f"{CHANGELIST}{work_order.pk}/delete/").status_code == 403


def test_staff_see_the_photos(admin_client, client):
    from workorders import services
    from workorders.tests.conftest import image_bytes, upload

    png = image_bytes("PNG")
    work_order = services.work_order_create(
        tenant_id="c0000000-0000-4000-8000-000000000001",
        property_id="a0000000-0000-4000-8000-000000000001",
        unit_id="b0000000-0000-4000-8000-000000000002",
        category="plumbing",
        priority="normal",
        title="Leak",
        description="Water on the bathroom floor.",
        photos=[upload("leak.png", png)],
    )
    photo = work_order.photos.get()
    url = f"{CHANGELIST}{work_order.pk}/photos/{photo.id}/"
    assert url in admin_client.get(f"{CHANGELIST}{work_order.pk}/change/").content.decode()
    response = admin_client.get(url)
    assert (response.status_code, response["Content-Type"]) == (200, "image/png")
    assert b"".join(response.streaming_content) == png
    assert client.get(url).status_code == 302  # not signed in: to the login page
    assert admin_client.get(f"{CHANGELIST}{work_order.pk + 1}/photos/{photo.id}/").status_code == 404
