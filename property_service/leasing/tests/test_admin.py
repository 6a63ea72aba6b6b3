import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from leasing.models import RentalApplication
from leasing.tests.factories import LeaseFactory, RentalApplicationFactory

pytestmark = pytest.mark.django_db


def run_action(admin_client, action: str, objects) -> list[tuple[str, str]]:
    response = admin_client.post(
        reverse("admin:leasing_rentalapplication_changelist"),
        {"action": action, "_selected_action": [str(o.pk) for o in objects]},
        follow=True,
    )
    assert response.status_code == 200
    return [(m.level_tag, m.message) for m in get_messages(response.wsgi_request)]


def test_approve_action(admin_client):
    applications = RentalApplicationFactory.create_batch(2)
    assert run_action(admin_client, "approve", applications) == [("success", "Approved 2 application(s).")]
    assert set(RentalApplication.objects.values_list("status", flat=True)) == {"approved"}
    assert all(a.tenant_id for a in RentalApplication.objects.all())


def test_reject_action(admin_client):
    application = RentalApplicationFactory()
    assert run_action(admin_client, "reject", [application]) == [("success", "Rejected 1 application(s).")]
    application.refresh_from_db()
    assert application.status == RentalApplication.Status.REJECTED


def test_deciding_an_already_decided_application_says_why_and_changes_nothing(admin_client):
    rejected = RentalApplicationFactory(status=RentalApplication.Status.REJECTED)
    messages = run_action(admin_client, "approve", [rejected])
    assert messages == [("error", f"{rejected.number} is already rejected.")]
    rejected.refresh_from_db()
    assert rejected.status == RentalApplication.Status.REJECTED


def test_a_mixed_selection_decides_what_it_can(admin_client):
    open_one = RentalApplicationFactory()
    approved = RentalApplicationFactory(status=RentalApplication.Status.APPROVED)
    messages = run_action(admin_client, "reject", [open_one, approved])
    assert ("error", f"{approved.number} is already approved.") in messages
    assert ("success", "Rejected 1 application(s).") in messages


def test_applications_cannot_be_added_by_staff(admin_client):
    assert admin_client.get(reverse("admin:leasing_rentalapplication_add")).status_code == 403


@pytest.mark.parametrize("model", ["tenant", "lease", "rentalapplication"])
def test_changelist_search_and_change_page_open(admin_client, model):
    lease = LeaseFactory()
    application = RentalApplicationFactory()
    obj = {"tenant": lease.tenant, "lease": lease, "rentalapplication": application}[model]
    changelist = reverse(f"admin:leasing_{model}_changelist")
    assert admin_client.get(changelist).status_code == 200
    assert admin_client.get(changelist, {"q": "example.com"}).status_code == 200
    assert admin_client.get(reverse(f"admin:leasing_{model}_change", args=[obj.pk])).status_code == 200


def test_application_changelist_filters_by_status_and_city(admin_client):
    RentalApplicationFactory()
    url = reverse("admin:leasing_rentalapplication_changelist")
    response = admin_client.get(
        url, {"status__exact": "submitted", "listing__unit__property__city": "Portland"}
    )
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
